import { defineScript } from '../../scripts/define-script.js';

/**
 * The release script for many locks at once (one call per node per tick). Each lock succeeds
 * or fails alone: all its GETs go by `redis.pcall` before any DEL, so a key of another type
 * fails that lock with none of its keys deleted, and its neighbours go on.
 *
 * @example
 * ```ts
 * // ARGV per lock: token, key count. One reply per lock: how many of its keys it deleted, or
 * // a string, that lock's error: 'WRONGTYPE Operation against a key … (key lock:b)'
 * const args = [tokenA, '1', tokenB, '1'];
 * const keys = ['lock:a', 'lock:b'];
 * const replies = await runScript(client, { script: releaseManyScript, keys, args });
 * ```
 * @category Scripts and operations
 */
export const releaseManyScript = defineScript(
  'release-many',
  `-- KEYS per lock: its n lock keys | ARGV per lock: token, n (2 entries per lock)
-- returns one entry per lock: how many of its keys held its token (now deleted), or a string,
--   the error that failed this lock alone (a key of another type; nothing deleted)
local results = {}
-- Whether each key of the lock at hand holds its token; one table for the whole batch.
local mine = {}
local k = 1
for i = 1, #ARGV, 2 do
  local token, n = ARGV[i], tonumber(ARGV[i + 1])
  local released = 0
  for j = 1, n do
    local holder = redis.pcall('GET', KEYS[k + j - 1])
    if type(holder) == 'table' then
      released = holder.err .. ' (key ' .. KEYS[k + j - 1] .. ')'
      break
    end
    mine[j] = holder == token
  end
  if released == 0 then
    for j = 1, n do
      if mine[j] then
        redis.call('DEL', KEYS[k + j - 1])
        released = released + 1
      end
    end
  end
  results[#results + 1] = released
  k = k + n
end
return results
`,
);
