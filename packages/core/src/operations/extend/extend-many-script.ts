import { defineScript } from '../../scripts/define-script.js';

/**
 * Extends many locks in one call: auto-extension of thousands of held locks costs one script
 * per node per tick (per 256 locks), not one per lock. Each lock is all or nothing, exactly as
 * in `extendScript` (a missing key is set again with the token, a key of another token fails
 * the lock with nothing changed), and succeeds or fails alone: its GETs go by `redis.pcall`
 * before any write, so a key of another type fails that lock with nothing extended, and its
 * neighbours go on. A SET refused (a node out of memory refuses it as a script's first write,
 * and only then, so nothing of the lock was written) fails that lock alone too.
 *
 * @example
 * ```ts
 * // ARGV per lock: token, ttl ms, key count. One reply per lock: 1 extended (missing keys set
 * // again), 0 held by another token, or a string, that lock's error:
 * // 'WRONGTYPE Operation against a key … (key lock:b)'
 * const args = [tokenA, '10000', '1', tokenB, '10000', '1'];
 * const keys = ['lock:a', 'lock:b'];
 * const replies = await runScript(client, { script: extendManyScript, keys, args });
 * ```
 * @category Scripts and operations
 */
export const extendManyScript = defineScript(
  'extend-many',
  `-- KEYS the keys of every lock in the batch, lock after lock
-- ARGV per lock: token, ttl ms, key count (3 entries per lock)
-- returns one entry per lock: 1 when every key held its token or was missing (held ones
--   extended, missing ones set again), 0 when another token holds any key, or a string, the
--   error that failed this lock alone (a key of another type); nothing changed unless 1
local results = {}
-- Whether each key of the lock at hand is missing; one table for the whole batch.
local missing = {}
local k = 1
for i = 1, #ARGV, 3 do
  local token, ttl, count = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local held = 1
  for j = 1, count do
    local holder = redis.pcall('GET', KEYS[k + j - 1])
    missing[j] = not holder
    if holder and holder ~= token then
      if type(holder) == 'table' then
        held = holder.err .. ' (key ' .. KEYS[k + j - 1] .. ')'
      else
        held = 0
      end
      break
    end
  end
  if held == 1 then
    for j = 1, count do
      local key = KEYS[k + j - 1]
      if missing[j] then
        local set = redis.pcall('SET', key, token, 'PX', ttl)
        if set.err then held = set.err .. ' (key ' .. key .. ')' break end
      else
        -- PEXPIRE where the key is held: unlike SET it is allowed on a node out of memory.
        redis.call('PEXPIRE', key, ttl)
      end
    end
  end
  results[#results + 1] = held
  k = k + count
end
return results
`,
);
