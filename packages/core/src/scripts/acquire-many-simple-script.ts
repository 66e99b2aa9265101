import { defineScript } from './define-script.js';

/**
 * `acquireManyScript` for the common batch: every lock one key, no fencing, one ttl. Fewer
 * arguments per lock (its key and token) and less work per lock on the server.
 *
 * @example
 * ```ts
 * // ARGV: the shared ttl, then one token per key.
 * const args = ['10000', tokenA, tokenB];
 * const replies = await runScript(client, acquireManySimpleScript, ['lock:a', 'lock:b'], args);
 * // One integer per lock, e.g. [1, 0]: a acquired, b held by another token
 * ```
 */
export const acquireManySimpleScript = defineScript(
  'acquire-many-simple',
  `-- KEYS: one key per lock | ARGV[1] ttl ms, ARGV[1 + i] the token of lock i
-- returns one integer per lock: 1 acquired (or re-acquired by its token), 0 taken
local ttl = ARGV[1]
local results = {}
for i = 1, #KEYS do
  local key, token = KEYS[i], ARGV[i + 1]
  if redis.call('SET', key, token, 'NX', 'PX', ttl) then
    results[i] = 1
  elseif redis.call('GET', key) == token then
    redis.call('SET', key, token, 'PX', ttl)
    results[i] = 1
  else
    results[i] = 0
  end
end
return results
`,
);
