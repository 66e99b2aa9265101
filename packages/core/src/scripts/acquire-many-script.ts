import { defineScript } from './define-script.js';

/**
 * The acquire script for many locks at once (operations bound for one node in one tick share a
 * call). Each lock is all or nothing, exactly as in `acquireScript`.
 *
 * @example
 * ```ts
 * // ARGV per lock: token, ttl ms, key count, '1' to count fences else '0'.
 * const args = [tokenA, '10000', '1', '0', tokenB, '10000', '1', '0'];
 * const replies = await runScript(client, acquireManyScript, ['lock:a', 'lock:b'], args);
 * // One integer per lock, e.g. [1, 0]: a acquired, b held by another token
 * ```
 */
export const acquireManyScript = defineScript(
  'acquire-many',
  `-- KEYS per lock: its n lock keys, then with fencing their n fence counters
-- ARGV per lock: token, ttl ms, n, '1' to count fences else '0' (4 entries per lock)
-- returns one integer per lock: 0 taken (nothing changed), else 1 or the new fence
local results = {}
local k = 1
for i = 1, #ARGV, 4 do
  local token, ttl, n, fencing = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3] == '1'
  local result = 1
  if n == 1 then
    -- One key: SET NX is the whole acquisition when the key is free (one call, not two).
    if not redis.call('SET', KEYS[k], token, 'NX', 'PX', ttl) then
      if redis.call('GET', KEYS[k]) == token then
        redis.call('SET', KEYS[k], token, 'PX', ttl)
      else
        result = 0
      end
    end
  else
    for j = k, k + n - 1 do
      local holder = redis.call('GET', KEYS[j])
      if holder and holder ~= token then result = 0 end
    end
    if result == 1 then
      for j = k, k + n - 1 do
        redis.call('SET', KEYS[j], token, 'PX', ttl)
      end
    end
  end
  if result == 1 then
    if fencing then
      local fence = 0
      for j = k + n, k + 2 * n - 1 do
        local counter = tonumber(redis.call('GET', KEYS[j]) or '0')
        if counter > fence then fence = counter end
      end
      fence = fence + 1
      for j = k + n, k + 2 * n - 1 do
        redis.call('SET', KEYS[j], string.format('%d', fence))
      end
      result = fence
    end
  end
  results[#results + 1] = result
  k = k + n
  if fencing then k = k + n end
end
return results
`,
);
