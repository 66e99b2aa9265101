import { createHash } from 'node:crypto';
import { runScript } from '../../client/run-script.js';
import type { RedisScriptClient } from '../../client/script-client.js';
import { settleWithin } from '../../client/settle-within.js';
import { defineScript } from '../../scripts/define-script.js';

/**
 * Reads a lock key's value and remaining ttl without changing anything.
 * @category Scripts and operations
 */
export const inspectScript = defineScript(
  'inspect',
  `-- KEYS[1] lock key | no ARGV
-- returns { value or '', pttl } (pttl -2 when the key does not exist); {} without keys
if #KEYS == 0 then return {} end
return { redis.call('GET', KEYS[1]) or '', redis.call('PTTL', KEYS[1]) }
`,
);

/**
 * What one node says about a resource.
 * @category Diagnostics
 */
export interface NodeHolding {
  /** Index of the node in the list `Redlock` was built with (0 for `Locker`). */
  readonly node: number;
  /** `held`, `free`, or the node could not say (`error`, `timeout`). */
  readonly state: 'held' | 'free' | 'error' | 'timeout';
  /** {@link tokenDigest} of the holder's token, when held. */
  readonly holder?: string;
  /** Remaining ttl in ms, when held. */
  readonly ttlMs?: number;
  /** The error, when `state` is `error`. */
  readonly cause?: unknown;
}

/**
 * A short, non-secret digest of a token (12 hex chars of its SHA-256), so `inspect()` can name
 * holders without revealing tokens that would let anyone release their locks.
 *
 * @example
 * ```ts
 * const lock = await redlock.acquire('orders:42');
 * const [node0] = await locker.inspect('orders:42'); // or redlock.inspect(): one per node
 * node0?.holder === tokenDigest(lock.token); // true while node 0 holds this lock
 * ```
 * @category Diagnostics
 */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}

/**
 * Asks every node, each bounded by `timeoutMs`.
 * @category Scripts and operations
 */
export function inspectNodes(
  clients: readonly RedisScriptClient[],
  key: string,
  timeoutMs: number,
): Promise<NodeHolding[]> {
  return Promise.all(
    clients.map(async (client, node): Promise<NodeHolding> => {
      const call = { script: inspectScript, keys: [key], args: [] };
      const settled = await settleWithin(runScript(client, call), timeoutMs);
      if (settled.kind === 'timeout') return { node, state: 'timeout' };
      if (settled.kind === 'error') return { node, state: 'error', cause: settled.error };
      const reply: readonly unknown[] = Array.isArray(settled.value) ? settled.value : [];
      const [value, pttl] = reply;
      if (typeof value !== 'string' || value === '') return { node, state: 'free' };
      return { node, state: 'held', holder: tokenDigest(value), ttlMs: Number(pttl) };
    }),
  );
}
