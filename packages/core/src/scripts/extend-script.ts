import { defineScript } from './define-script.js';

/**
 * Compare-token-and-PEXPIRE of every key of a lock, all or nothing.
 *
 * @example
 * ```ts
 * // Replies 1 when every key still held the token (all extended), else 0.
 * const reply = await runScript(client, extendScript, ['lock:a'], [token, '10000']);
 * ```
 */
export const extendScript = defineScript(
  'extend',
  `-- KEYS[1..n] lock keys | ARGV[1] token, ARGV[2] ttl ms
-- returns 1 when every key held the token (all extended), 0 otherwise (nothing changed)
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) ~= ARGV[1] then return 0 end
end
for i = 1, #KEYS do
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
return 1
`,
);
