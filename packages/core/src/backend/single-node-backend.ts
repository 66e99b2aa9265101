import { hashSlot } from '../client/hash-slot.js';
import { routeScripts } from '../client/route-scripts.js';
import { isClusterClient, type RedisScriptClient } from '../client/script-client.js';
import { withScriptLoading } from '../client/with-script-loading.js';
import { CORE_SCRIPTS } from '../scripts/core-scripts.js';
import { checkSameSlot } from './check-same-slot.js';
import type {
  AcquireOutcome,
  AcquireRequest,
  ExtendOutcome,
  HeldKeys,
  LockBackend,
  ReleaseOutcome,
} from './lock-backend.js';
import { NodeBatchers } from './node-batchers.js';
import { failedOutcome } from './node-call.js';

/**
 * The backend of `Locker`: one Redis node (or one cluster), each call bounded in time.
 *
 * @example
 * ```ts
 * const backend = new SingleNodeBackend(client, 200); // each call bounded by 200 ms
 * const request = { keys: ['lock:a'], fenceKeys: undefined, token, ttlMs: 10_000 };
 * const outcome = await backend.acquire(request); // { acquired: true, … } when free
 * ```
 */
export class SingleNodeBackend implements LockBackend {
  readonly #node: NodeBatchers;
  readonly #cluster: boolean;

  constructor(client: RedisScriptClient, nodeTimeoutMs: number) {
    this.#cluster = isClusterClient(client);
    const scripts = withScriptLoading(routeScripts(client), CORE_SCRIPTS);
    this.#node = new NodeBatchers(scripts, nodeTimeoutMs, !this.#cluster);
  }

  checkKeys(keys: readonly string[]): void {
    if (this.#cluster) checkSameSlot(keys, hashSlot);
  }

  async acquire(request: AcquireRequest): Promise<AcquireOutcome> {
    const settled = await this.#node.acquire.call(request);
    if (settled.kind !== 'value') {
      return {
        acquired: false,
        reason: 'unreachable',
        nodes: [failedOutcome(0, settled)],
        mayHoldKeys: true,
      };
    }
    if (settled.value === 0) {
      return {
        acquired: false,
        reason: 'taken',
        nodes: [{ node: 0, outcome: 'taken' }],
        mayHoldKeys: false,
      };
    }
    const fence = request.fenceKeys === undefined ? undefined : BigInt(settled.value);
    return { acquired: true, fence, nodes: [{ node: 0, outcome: 'ok' }] };
  }

  async extend(held: HeldKeys, ttlMs: number): Promise<ExtendOutcome> {
    const settled = await this.#node.extend.call({ held, ttlMs });
    if (settled.kind !== 'value') {
      return { extended: false, reason: 'unreachable', nodes: [failedOutcome(0, settled)] };
    }
    if (settled.value === 0) {
      return { extended: false, reason: 'not-held', nodes: [{ node: 0, outcome: 'not-held' }] };
    }
    return { extended: true, nodes: [{ node: 0, outcome: 'ok' }] };
  }

  async release(held: HeldKeys, cleanup = false): Promise<ReleaseOutcome> {
    const settled = await (cleanup ? this.#node.cleanup : this.#node.release).call(held);
    if (settled.kind !== 'value') return { nodes: [failedOutcome(0, settled)] };
    return { nodes: [{ node: 0, outcome: settled.value > 0 ? 'ok' : 'not-held' }] };
  }
}
