import type { LuaScript } from '../scripts/define-script.js';
import { acquireManySimpleScript } from './acquire/acquire-many-simple-script.js';
import { acquireManyScript } from './acquire/acquire-many-script.js';
import { acquireScript } from './acquire/acquire-script.js';
import { extendManyScript } from './extend/extend-many-script.js';
import { extendScript } from './extend/extend-script.js';
import { raiseFenceScript } from './fence/raise-fence-script.js';
import { releaseManySimpleScript } from './release/release-many-simple-script.js';
import { releaseManyScript } from './release/release-many-script.js';
import { releaseScript } from './release/release-script.js';

/**
 * Every script the lock engine's backends run, for `withScriptLoading`.
 *
 * @example
 * ```ts
 * // A backend that also runs scripts of its own keeps them all loaded:
 * const pttlScript = defineScript('pttl', "return redis.call('PTTL', KEYS[1])");
 * const node = withScriptLoading(routeScripts(client), [...CORE_SCRIPTS, pttlScript]);
 * ```
 * @category Scripts and operations
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
