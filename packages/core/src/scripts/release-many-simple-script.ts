import { defineScript } from './define-script.js';

/**
 * `releaseManyScript` for the common batch: every lock one key.
 *
 * @example
 * ```ts
 * // ARGV: one token per key. One reply per lock: 1 deleted, 0 not held by that token.
 * const replies = await runScript(client, releaseManySimpleScript, ['lock:a'], [tokenA]);
 * ```
 */
export const releaseManySimpleScript = defineScript(
  'release-many-simple',
  `-- KEYS: one key per lock | ARGV[i] the token of lock i
-- returns one integer per lock: 1 when its key held its token (now deleted), else 0
local results = {}
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[i] then
    results[i] = redis.call('DEL', KEYS[i])
  else
    results[i] = 0
  end
end
return results
`,
);
