import { defineScript } from '../../scripts/define-script.js';

/**
 * Extends every key of a lock, all or nothing: a key holding the token gets the new ttl, and a
 * missing key (its node restarted empty, or it expired) is set again with the token, so an
 * auto-extended lock survives a rolling restart of its nodes. A key held by another token is
 * never touched, and then nothing changes: another holder may have taken the resource since,
 * and this node's answer is no. The script is the acquire script's, token for token, without
 * fences: an extension is as safe as an acquisition by the same holder (see the safety guide,
 * "Keeping a lock through restarts").
 *
 * @example
 * ```ts
 * // Replies 1 when every key held the token or was free (all extended or set again), else 0.
 * const call = { script: extendScript, keys: ['lock:a'], args: [token, '10000'] };
 * const reply = await runScript(client, call);
 * ```
 * @category Scripts and operations
 */
export const extendScript = defineScript(
  'extend',
  `-- KEYS[1..n] lock keys | ARGV[1] token, ARGV[2] ttl ms
-- returns 1 when every key held the token or was missing (held ones extended, missing ones set
--   again), 0 when another token holds any key (nothing changed)
local missing = {}
for i = 1, #KEYS do
  local holder = redis.call('GET', KEYS[i])
  if not holder then
    missing[i] = true
  elseif holder ~= ARGV[1] then
    return 0
  end
end
-- PEXPIRE where the key is held: unlike SET it is allowed on a node out of memory.
for i = 1, #KEYS do
  if missing[i] then
    redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
  else
    redis.call('PEXPIRE', KEYS[i], ARGV[2])
  end
end
return 1
`,
);
