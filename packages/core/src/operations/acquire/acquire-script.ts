import { defineScript } from '../../scripts/define-script.js';

/**
 * All-or-nothing acquire of several keys. The same token re-acquires idempotently (a retried
 * attempt whose first reply was lost is not blocked by itself), and with fencing every
 * successful run raises the counters, the re-acquire included: otherwise a retry that finds
 * its own key could return a value an earlier lock's write-back already equals. Everything is
 * read before anything is written, so a key or counter of another type, or a counter that is
 * not a safe integer, fails the lock with nothing changed, as in the batch scripts. Counters
 * are written with %d: Lua's default number format turns 1e14 into "1e+14".
 *
 * @example
 * ```ts
 * // ARGV: token, ttl ms, '1' to count fences else '0'. Replies 1, or 0 when taken.
 * const call = { script: acquireScript, keys: ['lock:a'], args: [token, '10000', '0'] };
 * const reply = await runScript(client, { ...call, resend: false });
 * ```
 * @category Scripts and operations
 */
export const acquireScript = defineScript(
  'acquire',
  `-- KEYS[1..n] lock keys; with fencing, KEYS[n+1..2n] their fence counters
-- ARGV[1] token, ARGV[2] ttl ms, ARGV[3] '1' to count fences, else '0'
-- returns 0 when another token holds any key (nothing changed);
--         otherwise 1, or with fencing the new fence (>= 1), now in every counter;
--         an error, nothing changed, for a key or counter of another type or a counter that
--         is not a safe integer
local n = #KEYS
local fencing = ARGV[3] == '1'
local fence = 0
if fencing then
  n = n / 2
  for i = n + 1, #KEYS do
    local counter = tonumber(redis.call('GET', KEYS[i]) or '0')
    -- A fraction, inf, nan or a number past 2^53 would make a fence the client misreads.
    if not counter or counter % 1 ~= 0 or counter >= 9007199254740991 then
      return redis.error_reply('ERR fence counter is not a safe integer (key ' .. KEYS[i] .. ')')
    end
    if counter > fence then fence = counter end
  end
end
if n == 1 then
  -- One key: SET NX is the whole acquisition when the key is free (one call, not two).
  if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
    if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  end
else
  for i = 1, n do
    local holder = redis.call('GET', KEYS[i])
    if holder and holder ~= ARGV[1] then return 0 end
  end
  for i = 1, n do
    redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
  end
end
if not fencing then return 1 end
fence = fence + 1
for i = n + 1, #KEYS do
  redis.call('SET', KEYS[i], string.format('%d', fence))
end
return fence
`,
);
