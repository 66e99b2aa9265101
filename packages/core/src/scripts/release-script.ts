import { defineScript } from './define-script.js';

/**
 * Compare-token-and-DEL of every key of a lock.
 *
 * @example
 * ```ts
 * // Replies how many keys held the token (those are now deleted).
 * const released = await runScript(client, releaseScript, ['lock:a', 'lock:b'], [token]);
 * ```
 */
export const releaseScript = defineScript(
  'release',
  `-- KEYS[1..n] lock keys | ARGV[1] token
-- returns how many keys held the token (those are now deleted)
local released = 0
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    redis.call('DEL', KEYS[i])
    released = released + 1
  end
end
return released
`,
);
