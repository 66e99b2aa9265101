import type { RedisScriptClient } from '../client/script-client.js';
import { acquireManySimpleScript } from '../scripts/acquire-many-simple-script.js';
import { acquireManyScript } from '../scripts/acquire-many-script.js';
import { extendManyScript } from '../scripts/extend-many-script.js';
import { releaseManySimpleScript } from '../scripts/release-many-simple-script.js';
import { releaseManyScript } from '../scripts/release-many-script.js';
import type { AcquireRequest, HeldKeys } from './lock-backend.js';
import { CallDeadlines } from '../client/call-deadlines.js';
import { runScript } from '../client/run-script.js';
import { acquireCall, extendCall, releaseCall } from './node-call.js';
import { NodeHealth } from './node-health.js';
import { ScriptBatcher, type BatchKind } from './script-batcher.js';

/** An extension: the lock's keys and the new ttl. */
export interface ExtendItem {
  /** The lock's keys and token. */
  readonly held: HeldKeys;
  /** The ttl the keys get. */
  readonly ttlMs: number;
}

const acquireKind: BatchKind<AcquireRequest> = {
  one: acquireCall,
  many: acquireManyScript,
  append: (request, keys, args) => {
    keys.push(...request.keys);
    if (request.fenceKeys !== undefined) keys.push(...request.fenceKeys);
    const fencing = request.fenceKeys === undefined ? '0' : '1';
    args.push(request.token, String(request.ttlMs), String(request.keys.length), fencing);
  },
  resend: false,
  simple: {
    script: acquireManySimpleScript,
    fits: (request, first) =>
      request.keys.length === 1 && request.fenceKeys === undefined && request.ttlMs === first.ttlMs,
    head: (first) => [String(first.ttlMs)],
    append: (request, keys, args) => {
      keys.push(request.keys[0]!);
      args.push(request.token);
    },
  },
};

const extendKind: BatchKind<ExtendItem> = {
  one: ({ held, ttlMs }) => extendCall(held, ttlMs),
  many: extendManyScript,
  append: ({ held, ttlMs }, keys, args) => {
    keys.push(...held.keys);
    args.push(held.token, String(ttlMs), String(held.keys.length));
  },
  resend: true,
};

const releaseKind = (cleanup: boolean): BatchKind<HeldKeys> => ({
  one: (held) => releaseCall(held, cleanup),
  many: releaseManyScript,
  append: (held, keys, args) => {
    keys.push(...held.keys);
    args.push(held.token, String(held.keys.length));
  },
  resend: !cleanup,
  simple: {
    script: releaseManySimpleScript,
    fits: (held) => held.keys.length === 1,
    head: () => [],
    append: (held, keys, args) => {
      keys.push(held.keys[0]!);
      args.push(held.token);
    },
  },
});

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
 * const node = new NodeBatchers(client, 200, !isClusterClient(client));
 * const settled = await node.extend.call({ held: { keys: ['lock:a'], token }, ttlMs: 10_000 });
 * if (settled.kind === 'value') console.log(settled.value === 1 ? 'extended' : 'not held');
 * ```
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
  #deferred: HeldKeys[] = [];

  /**
   * @param client - The node's client.
   * @param timeoutMs - Bound on each call.
   * @param batchable - Whether calls may be batched (not for cluster clients).
   * @param now - Monotonic clock for deadlines and the health's probes.
   */
  constructor(
    client: RedisScriptClient,
    timeoutMs: number,
    batchable: boolean,
    now?: () => number,
  ) {
    const health = new NodeHealth(timeoutMs, now);
    const deadlines = new CallDeadlines(
      timeoutMs,
      now,
      () => health.timedOut(),
      () => health.answered(),
    );
    this.health = health;
    this.deadlines = deadlines;
    const batcher = <Item>(kind: BatchKind<Item>, skipped?: (item: Item) => void) =>
      new ScriptBatcher(client, batchable, kind, deadlines, health, skipped);
    this.acquire = batcher(acquireKind);
    this.extend = batcher(extendKind);
    this.release = batcher(releaseKind(false), (held) => {
      if (this.#deferred.length < MAX_DEFERRED) this.#deferred.push(held);
    });
    const cleanupKind = releaseKind(true);
    this.cleanup = batcher(cleanupKind, (held) => {
      // Still sent, in order behind the attempt it cleans up (which may be queued at the node),
      // but not waited for.
      const call = cleanupKind.one(held);
      void deadlines.watch(runScript(client, call.script, call.keys, call.args, call.resend));
    });
    health.onRecover(() => {
      const deferred = this.#deferred;
      this.#deferred = [];
      for (const held of deferred) void this.release.call(held);
    });
  }
}
