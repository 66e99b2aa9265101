import { defineScript } from '../../scripts/define-script.js';

/**
 * `acquireManyScript` for the common batch: every lock one key, no fencing, one ttl. Fewer
 * arguments per lock (its key and token) and less work per lock on the server. A key of
 * another type fails its own lock alone (its GET goes by `redis.pcall`), changing nothing.
 *
 * @example
 * ```ts
 * // ARGV: the shared ttl, then one token per key.
 * const args = ['10000', tokenA, tokenB];
 * const keys = ['lock:a', 'lock:b'];
 * const replies = await runScript(client, { script: acquireManySimpleScript, keys, args });
 * // One entry per lock, e.g. [1, 0]: a acquired, b held by another token; or a string,
 * // the error of that lock alone: 'WRONGTYPE Operation against a key … (key lock:b)'
 * ```
 * @category Scripts and operations
 */
export const acquireManySimpleScript = defineScript(
  'acquire-many-simple',
  `-- KEYS: one key per lock | ARGV[1] ttl ms, ARGV[1 + i] the token of lock i
-- returns one entry per lock: 1 acquired (or re-acquired by its token), 0 taken, or a string,
--   the error that failed this lock alone (its key of another type; nothing changed)
local ttl = ARGV[1]
local results = {}
for i = 1, #KEYS do
  local key, token = KEYS[i], ARGV[i + 1]
  if redis.call('SET', key, token, 'NX', 'PX', ttl) then
    results[i] = 1
  else
    -- SET NX found the key taken, whatever its type: only the GET can meet a wrong one.
    local holder = redis.pcall('GET', key)
    if holder == token then
      redis.call('SET', key, token, 'PX', ttl)
      results[i] = 1
    elseif type(holder) == 'table' then
      results[i] = holder.err .. ' (key ' .. key .. ')'
    else
      results[i] = 0
    end
  end
end
return results
`,
);
