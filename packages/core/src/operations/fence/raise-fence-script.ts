import { defineScript } from '../../scripts/define-script.js';

/**
 * Raises fence counters to at least a value (Redlock's write-back of the quorum's maximum),
 * never lowering them.
 *
 * @example
 * ```ts
 * // Each counter becomes at least 42; replies 1.
 * await runScript(client, { script: raiseFenceScript, keys: ['{lock:a}:fence'], args: ['42'] });
 * ```
 * @category Scripts and operations
 */
export const raiseFenceScript = defineScript(
  'raise-fence',
  `-- KEYS[1..n] fence counters | ARGV[1] fence
-- returns 1
local fence = tonumber(ARGV[1])
for i = 1, #KEYS do
  local counter = tonumber(redis.call('GET', KEYS[i]) or '0')
  if counter < fence then
    redis.call('SET', KEYS[i], ARGV[1])
  end
end
return 1
`,
);
