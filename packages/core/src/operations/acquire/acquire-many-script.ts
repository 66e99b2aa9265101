import { defineScript } from '../../scripts/define-script.js';

/**
 * The acquire script for many locks at once (operations bound for one node in one tick share a
 * call). Each lock is all or nothing, exactly as in `acquireScript`, and succeeds or fails
 * alone: its reads go first, by `redis.pcall`, so a key of another type or a fence counter
 * that is not an integer fails that lock with nothing written for it, and its neighbours in
 * the batch go on. (A SET NX on a key of another type just finds it taken, and the GET after
 * it fails.) The writes are plain calls: a SET fails only for the whole node (out of memory,
 * a read-only replica), and then every lock of the batch fails anyway.
 *
 * @example
 * ```ts
 * // ARGV per lock: token, ttl ms, key count, '1' to count fences else '0'.
 * const args = [tokenA, '10000', '1', '0', tokenB, '10000', '1', '0'];
 * const keys = ['lock:a', 'lock:b'];
 * const replies = await runScript(client, { script: acquireManyScript, keys, args });
 * // One entry per lock, e.g. [1, 0]: a acquired, b held by another token; or a string,
 * // the error of that lock alone: 'WRONGTYPE Operation against a key … (key lock:b)'
 * ```
 * @category Scripts and operations
 */
export const acquireManyScript = defineScript(
  'acquire-many',
  `-- KEYS per lock: its n lock keys, then with fencing their n fence counters
-- ARGV per lock: token, ttl ms, n, '1' to count fences else '0' (4 entries per lock)
-- returns one entry per lock: 0 taken, else 1 or the new fence; or a string, the error that
--   failed this lock alone (a key of another type, a counter not a safe integer);
--   nothing changed for a lock that got 0 or an error
local function failed(message, key) return message .. ' (key ' .. key .. ')' end
local results = {}
local k = 1
for i = 1, #ARGV, 4 do
  local token, ttl, n, fencing = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3] == '1'
  local result, fence = 1, 0
  if fencing then
    for j = k + n, k + 2 * n - 1 do
      local counter = redis.pcall('GET', KEYS[j])
      if type(counter) == 'table' then result = failed(counter.err, KEYS[j]) break end
      counter = tonumber(counter or '0')
      -- A fraction, inf, nan or a number past 2^53 would make a fence the client misreads.
      if not counter or counter % 1 ~= 0 or counter >= 9007199254740991 then
        result = failed('ERR fence counter is not a safe integer', KEYS[j])
        break
      end
      if counter > fence then fence = counter end
    end
  end
  -- One key: SET NX is the whole acquisition when the key is free (one call, not two).
  if result == 1 and (n > 1 or not redis.call('SET', KEYS[k], token, 'NX', 'PX', ttl)) then
    for j = k, k + n - 1 do
      local holder = redis.pcall('GET', KEYS[j])
      if holder and holder ~= token then
        if type(holder) == 'table' then result = failed(holder.err, KEYS[j]) else result = 0 end
        break
      end
    end
    if result == 1 then
      for j = k, k + n - 1 do
        redis.call('SET', KEYS[j], token, 'PX', ttl)
      end
    end
  end
  if result == 1 and fencing then
    fence = fence + 1
    for j = k + n, k + 2 * n - 1 do
      redis.call('SET', KEYS[j], string.format('%d', fence))
    end
    result = fence
  end
  results[#results + 1] = result
  k = k + n
  if fencing then k = k + n end
end
return results
`,
);
