import { acquireManySimpleScript } from './acquire-many-simple-script.js';
import { acquireManyScript } from './acquire-many-script.js';
import { acquireScript } from './acquire-script.js';
import type { LuaScript } from './define-script.js';
import { extendManyScript } from './extend-many-script.js';
import { extendScript } from './extend-script.js';
import { raiseFenceScript } from './raise-fence-script.js';
import { releaseManySimpleScript } from './release-many-simple-script.js';
import { releaseManyScript } from './release-many-script.js';
import { releaseScript } from './release-script.js';

/**
 * Every script the lock engine's backends run, for `withScriptLoading`.
 *
 * @example
 * ```ts
 * // A backend that also runs scripts of its own keeps them all loaded:
 * const pttlScript = defineScript('pttl', "return redis.call('PTTL', KEYS[1])");
 * const node = withScriptLoading(routeScripts(client), [...CORE_SCRIPTS, pttlScript]);
 * ```
 */
export const CORE_SCRIPTS: readonly LuaScript[] = [
  acquireScript,
  acquireManyScript,
  acquireManySimpleScript,
  extendScript,
  extendManyScript,
  releaseScript,
  releaseManyScript,
  releaseManySimpleScript,
  raiseFenceScript,
];
