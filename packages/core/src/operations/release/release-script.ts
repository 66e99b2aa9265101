import { defineScript } from '../../scripts/define-script.js';

/**
 * Compare-token-and-DEL of every key of a lock. Every key is read before any is deleted, so a
 * key of another type fails the whole lock with nothing deleted, as in the batch scripts.
 *
 * @example
 * ```ts
 * // Replies how many keys held the token (those are now deleted).
 * const call = { script: releaseScript, keys: ['lock:a', 'lock:b'], args: [token] };
 * const released = await runScript(client, call);
 * ```
 * @category Scripts and operations
 */
export const releaseScript = defineScript(
  'release',
  `-- KEYS[1..n] lock keys | ARGV[1] token
-- returns how many keys held the token (those are now deleted); an error, nothing deleted,
--   for a key of another type
local mine = {}
for i = 1, #KEYS do
  mine[i] = redis.call('GET', KEYS[i]) == ARGV[1]
end
local released = 0
for i = 1, #KEYS do
  if mine[i] then
    redis.call('DEL', KEYS[i])
    released = released + 1
  end
end
return released
`,
);
