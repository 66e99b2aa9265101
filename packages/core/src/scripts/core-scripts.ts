import { acquireManyScript } from './acquire-many-script.js';
import { acquireScript } from './acquire-script.js';
import type { LuaScript } from './define-script.js';
import { extendManyScript } from './extend-many-script.js';
import { extendScript } from './extend-script.js';
import { raiseFenceScript } from './raise-fence-script.js';
import { releaseManyScript } from './release-many-script.js';
import { releaseScript } from './release-script.js';

/** Every script the lock engine's backends run, for `withScriptLoading`. */
export const CORE_SCRIPTS: readonly LuaScript[] = [
  acquireScript,
  acquireManyScript,
  extendScript,
  extendManyScript,
  releaseScript,
  releaseManyScript,
  raiseFenceScript,
];
