import { defineScript } from '../../scripts/define-script.js';

/**
 * `releaseManyScript` for the common batch: every lock one key. A key of another type fails
 * its own lock alone (its GET goes by `redis.pcall`), deleting nothing.
 *
 * @example
 * ```ts
 * // ARGV: one token per key. One reply per lock: 1 deleted, 0 not held by that token, or a
 * // string, that lock's error: 'WRONGTYPE Operation against a key … (key lock:a)'
 * const call = { script: releaseManySimpleScript, keys: ['lock:a'], args: [tokenA] };
 * const replies = await runScript(client, call);
 * ```
 * @category Scripts and operations
 */
export const releaseManySimpleScript = defineScript(
  'release-many-simple',
  `-- KEYS: one key per lock | ARGV[i] the token of lock i
-- returns one entry per lock: 1 when its key held its token (now deleted), else 0, or a
--   string, the error that failed this lock alone (its key of another type; nothing deleted)
local results = {}
for i = 1, #KEYS do
  local holder = redis.pcall('GET', KEYS[i])
  if holder == ARGV[i] then
    results[i] = redis.call('DEL', KEYS[i])
  elseif type(holder) == 'table' then
    results[i] = holder.err .. ' (key ' .. KEYS[i] .. ')'
  else
    results[i] = 0
  end
end
return results
`,
);
