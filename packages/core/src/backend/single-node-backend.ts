import { hashSlot } from '../client/hash-slot.js';
import { routeScripts } from '../client/route-scripts.js';
import { withScriptLoading } from '../client/with-script-loading.js';
import { CORE_SCRIPTS } from '../scripts/core-scripts.js';
import { isClusterClient, type RedisScriptClient } from '../client/script-client.js';
import type {
  AcquireOutcome,
  AcquireRequest,
  ExtendOutcome,
  HeldKeys,
  LockBackend,
  ReleaseOutcome,
} from './lock-backend.js';
import { ExtendBatcher } from './extend-batcher.js';
import { acquireCall, callNode, failedOutcome, releaseCall } from './node-call.js';
import { checkSameSlot } from './check-same-slot.js';

/** The backend of `Locker`: one Redis node (or one cluster), each call bounded in time. */
export class SingleNodeBackend implements LockBackend {
  readonly #client: RedisScriptClient;
  readonly #timeoutMs: number;
  readonly #cluster: boolean;
  readonly #extends: ExtendBatcher;

  constructor(client: RedisScriptClient, nodeTimeoutMs: number) {
    this.#client = withScriptLoading(routeScripts(client), CORE_SCRIPTS);
    this.#timeoutMs = nodeTimeoutMs;
    this.#cluster = isClusterClient(client);
    this.#extends = new ExtendBatcher(this.#client, nodeTimeoutMs, !this.#cluster);
  }

  checkKeys(keys: readonly string[]): void {
    if (this.#cluster) checkSameSlot(keys, hashSlot);
  }

  async acquire(request: AcquireRequest): Promise<AcquireOutcome> {
    const settled = await callNode(this.#client, acquireCall(request), this.#timeoutMs);
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
    const settled = await this.#extends.extend(held, ttlMs);
    if (settled.kind !== 'value') {
      return { extended: false, reason: 'unreachable', nodes: [failedOutcome(0, settled)] };
    }
    if (settled.value === 0) {
      return { extended: false, reason: 'not-held', nodes: [{ node: 0, outcome: 'not-held' }] };
    }
    return { extended: true, nodes: [{ node: 0, outcome: 'ok' }] };
  }

  async release(held: HeldKeys, cleanup = false): Promise<ReleaseOutcome> {
    const call = releaseCall(held, cleanup);
    const settled = await callNode(this.#client, call, this.#timeoutMs);
    if (settled.kind !== 'value') return { nodes: [failedOutcome(0, settled)] };
    return { nodes: [{ node: 0, outcome: settled.value > 0 ? 'ok' : 'not-held' }] };
  }
}
