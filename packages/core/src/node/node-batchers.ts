import { CallDeadlines } from '../client/call-deadlines.js';
import { sendScript } from '../client/run-script.js';
import type { ScriptCall } from '../client/script-call.js';
import type { RedisScriptClient } from '../client/script-client.js';
import type { Settled } from '../client/settle-within.js';
import type { AcquireRequest, HeldKeys } from '../backend/lock-backend.js';
import { acquireBatch } from '../operations/acquire/acquire.js';
import { extendBatch, type ExtendItem } from '../operations/extend/extend.js';
import { releaseBatch, releaseCall } from '../operations/release/release.js';
import type { BatchKind } from './batch-kind.js';
import { NodeHealth } from './node-health.js';
import { ScriptBatcher } from './script-batcher.js';
import { SingleCall, type NodeLink } from './tracked-calls.js';

/**
 * How a node's calls are bounded and sent.
 * @category Per-node transport
 */
export interface NodeOptions {
  /** Bound on each call. */
  readonly timeoutMs: number;
  /** Whether calls may be batched (not for cluster clients). */
  readonly batchable: boolean;
  /**
   * The node's index among the backend's nodes, which every settlement carries.
   * @defaultValue `0`
   */
  readonly node?: number;
  /** Monotonic clock for deadlines and the health's probes. @defaultValue `performance.now` */
  readonly now?: () => number;
}

/** Final releases kept for a node while it is unresponsive; beyond, their keys just expire. */
const MAX_DEFERRED = 10_000;

/**
 * The four batched operations of one node, and its health. While the node is unresponsive,
 * no acquire or extension is sent to it (they count as timeouts at once); final releases are
 * kept and sent when the node answers again, so keys it may have set do not outlive the lock;
 * cleanups between attempts are sent at once, in order behind the attempt they clean up, but
 * not waited for (kept for later, one could delete the key of a later attempt, same token).
 *
 * @example
 * ```ts
 * const node = new NodeBatchers(client, { timeoutMs: 200, batchable: !isClusterClient(client) });
 * const settled = await node.extend.call({ held: { keys: ['lock:a'], token }, ttlMs: 10_000 });
 * if (settled.kind === 'value') console.log(settled.value === 1 ? 'extended' : 'not held');
 * ```
 * @category Per-node transport
 */
export class NodeBatchers {
  /** Acquire attempts, never re-sent after NOSCRIPT. */
  readonly acquire: ScriptBatcher<AcquireRequest>;
  /** Extensions of held locks. */
  readonly extend: ScriptBatcher<ExtendItem>;
  /** Final releases, which may be re-sent after NOSCRIPT. */
  readonly release: ScriptBatcher<HeldKeys>;
  /** Releases between attempts, which never are. */
  readonly cleanup: ScriptBatcher<HeldKeys>;
  /** Whether the node is answering; shared by the four. */
  readonly health: NodeHealth;
  /** Bounds every call to the node (one timer for all), counted in `health`. */
  readonly deadlines: CallDeadlines;
  readonly #link: NodeLink;
  #deferred: HeldKeys[] = [];

  /**
   * @param client - The node's client.
   * @param options - Its timeout, whether it batches, its index and clock.
   */
  constructor(client: RedisScriptClient, options: NodeOptions) {
    const { timeoutMs, batchable, now } = options;
    const health = new NodeHealth(timeoutMs, now);
    const deadlines = new CallDeadlines({
      timeoutMs,
      now,
      onTimeout: () => health.timedOut(),
      onLate: () => health.answered(),
    });
    this.health = health;
    this.deadlines = deadlines;
    const link = { client, node: options.node ?? 0 };
    this.#link = link;
    const batcher = <Item>(kind: BatchKind<Item>, skipped?: (item: Item) => void) =>
      new ScriptBatcher({ link, batchable, kind, deadlines, health, skipped });
    this.acquire = batcher(acquireBatch);
    this.extend = batcher(extendBatch);
    this.release = batcher(releaseBatch(false), (held) => {
      if (this.#deferred.length < MAX_DEFERRED) this.#deferred.push(held);
    });
    this.cleanup = batcher(releaseBatch(true), (held) => {
      // Still sent, in order behind the attempt it cleans up (which may be queued at the node),
      // but not waited for.
      void this.run(releaseCall(held, true));
    });
    health.onRecover(() => {
      const deferred = this.#deferred;
      this.#deferred = [];
      for (const held of deferred) void this.release.call(held);
    });
  }

  /**
   * One call outside the batches (a fence write-back, a cleanup not waited for), under the
   * node's deadlines: its integer reply, its error, or a timeout. Never rejects.
   */
  run(call: ScriptCall): Promise<Settled<number>> {
    const link = this.#link;
    return new Promise((resolve) =>
      this.deadlines.track(sendScript(link.client, call), new SingleCall(link, call, resolve)),
    );
  }
}
