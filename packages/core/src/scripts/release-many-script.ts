import { defineScript } from './define-script.js';

/**
 * The release script for many locks at once (one call per node per tick).
 *
 * @example
 * ```ts
 * // ARGV per lock: token, key count. One reply per lock: how many of its keys it deleted.
 * const args = [tokenA, '1', tokenB, '1'];
 * const replies = await runScript(client, releaseManyScript, ['lock:a', 'lock:b'], args);
 * ```
 */
export const releaseManyScript = defineScript(
  'release-many',
  `-- KEYS per lock: its n lock keys | ARGV per lock: token, n (2 entries per lock)
-- returns one integer per lock: how many of its keys held its token (now deleted)
local results = {}
local k = 1
for i = 1, #ARGV, 2 do
  local token, n = ARGV[i], tonumber(ARGV[i + 1])
  local released = 0
  for j = k, k + n - 1 do
    if redis.call('GET', KEYS[j]) == token then
      redis.call('DEL', KEYS[j])
      released = released + 1
    end
  end
  results[#results + 1] = released
  k = k + n
end
return results
`,
);
