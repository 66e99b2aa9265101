import { CORE_SCRIPTS, type LuaScript } from '@redquorum/core/backend';
import { identifyScript } from './identify-script.js';
import { inspectScript } from './inspect.js';

/** Every script Redlock runs on a node, kept loaded by `withScriptLoading`. */
export const REDLOCK_SCRIPTS: readonly LuaScript[] = [
  ...CORE_SCRIPTS,
  identifyScript,
  inspectScript,
];
