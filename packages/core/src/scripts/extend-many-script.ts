import { defineScript } from './define-script.js';

/**
 * Extends many locks in one call: auto-extension of thousands of held locks costs one script
 * per node per tick (per 256 locks), not one per lock. Each lock is all or nothing, and
 * succeeds or fails alone: its GETs go by `redis.pcall` before any PEXPIRE, so a key of
 * another type fails that lock with nothing extended, and its neighbours go on.
 *
 * @example
 * ```ts
 * // ARGV per lock: token, ttl ms, key count. One reply per lock: 1 extended, 0 not held,
 * // or a string, that lock's error: 'WRONGTYPE Operation against a key … (key lock:b)'
 * const args = [tokenA, '10000', '1', tokenB, '10000', '1'];
 * const replies = await runScript(client, extendManyScript, ['lock:a', 'lock:b'], args);
 * ```
 */
export const extendManyScript = defineScript(
  'extend-many',
  `-- KEYS the keys of every lock in the batch, lock after lock
-- ARGV per lock: token, ttl ms, key count (3 entries per lock)
-- returns one entry per lock: 1 when every key held its token (all extended), else 0, or a
--   string, the error that failed this lock alone (a key of another type; nothing extended)
local results = {}
local k = 1
for i = 1, #ARGV, 3 do
  local token, ttl, count = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local held = 1
  for j = k, k + count - 1 do
    local holder = redis.pcall('GET', KEYS[j])
    if holder ~= token then
      if type(holder) == 'table' then held = holder.err .. ' (key ' .. KEYS[j] .. ')' else held = 0 end
      break
    end
  end
  if held == 1 then
    for j = k, k + count - 1 do
      redis.call('PEXPIRE', KEYS[j], ttl)
    end
  end
  results[#results + 1] = held
  k = k + count
end
return results
`,
);
