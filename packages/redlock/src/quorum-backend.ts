import {
  checkSameSlot,
  NodeBatchers,
  type Settled,
  hashSlot,
  isClusterClient,
  oneNodeAcquired,
  oneNodeReleased,
  parseIntegerReply,
  quorum,
  raiseFenceScript,
  routeScripts,
  withScriptLoading,
  runScript,
  type AcquireOutcome,
  type AcquireRequest,
  type Clock,
  type ExtendOutcome,
  type HeldKeys,
  type LockBackend,
  type RedisScriptClient,
  type ReleaseOutcome,
  type ScriptBatcher,
} from '@redquorum/core';
import { gatherQuorum, type NodeResult } from './gather-quorum.js';
import { QuorumTally } from './quorum-tally.js';
import { identifyScript, parseIdentity, type NodeIdentity } from './identify-script.js';
import { inspectNodes, type NodeHolding } from './inspect.js';
import { REDLOCK_SCRIPTS } from './redlock-scripts.js';
import { countOutcomes, okOrNotHeld, okOrTaken, toOutcomes } from './node-outcomes.js';
import type { RestartGuard } from './restart-guard.js';

/** A vote not asked of an unresponsive node: it counts as that node's timeout. */
const NOT_ASKED: NodeResult = Object.freeze({ kind: 'timeout' });
/** A vote not asked of (or not counted from) a node inside its restart-guard window. */
const EXCLUDED: NodeResult = Object.freeze({
  kind: 'excluded',
  cause: 'restarted within the max ttl',
});

const isYes = (result: NodeResult): boolean => result.kind === 'value' && result.value > 0;

/**
 * Redlock's backend: every operation fans out to all N nodes at once, each call bounded by
 * `nodeTimeoutMs`, and decides as soon as a quorum has (see `gatherQuorum`).
 */
export class QuorumBackend implements LockBackend {
  readonly #clients: readonly RedisScriptClient[];
  readonly #quorum: number;
  readonly #timeoutMs: number;
  readonly #guard: RestartGuard;
  readonly #clock: Clock;
  readonly #cluster: boolean;
  readonly #nodes: readonly NodeBatchers[];

  constructor(
    clients: readonly RedisScriptClient[],
    nodeTimeoutMs: number,
    guard: RestartGuard,
    clock: Clock,
  ) {
    this.#clients = clients.map((client) =>
      withScriptLoading(routeScripts(client), REDLOCK_SCRIPTS),
    );
    this.#quorum = quorum(clients.length);
    this.#timeoutMs = nodeTimeoutMs;
    this.#guard = guard;
    this.#clock = clock;
    this.#cluster = clients.some(isClusterClient);
    this.#nodes = this.#clients.map(
      (client, index) =>
        new NodeBatchers(client, nodeTimeoutMs, !isClusterClient(clients[index]!), () =>
          clock.now(),
        ),
    );
  }

  /** How many nodes there are. */
  get nodeCount(): number {
    return this.#clients.length;
  }

  /** What each node holds for `key`, through the same clients (and script cache) as locks. */
  inspect(key: string): Promise<NodeHolding[]> {
    return inspectNodes(this.#clients, key, this.#timeoutMs);
  }

  checkKeys(keys: readonly string[]): void {
    if (this.#cluster) checkSameSlot(keys, hashSlot);
  }

  acquire(request: AcquireRequest): Promise<AcquireOutcome> {
    const now = this.#clock.now();
    if (this.#nodes.length === 1 && request.fenceKeys === undefined) {
      // One node: its vote is the decision, no gathering.
      const batcher = this.#nodes[0]!.acquire;
      const vote = new Promise<NodeResult>((resolve) =>
        this.#vote(0, batcher, request, now, resolve),
      );
      return vote.then(this.#acquiredAlone);
    }
    const count = this.#nodes.length;
    const tally = new QuorumTally(count, this.#quorum, isYes, this.#observe);
    for (let index = 0; index < count; index++) {
      this.#vote(index, this.#nodes[index]!.acquire, request, now, tally.add);
    }
    return tally.done.then((results) => this.#decide(request.fenceKeys, results));
  }

  /**
   * What the votes of an acquire come to. Not async: only a fenced acquisition waits further
   * (for its fence written back), the others add no promise hop.
   */
  #decide(
    fenceKeys: readonly string[] | undefined,
    results: readonly (NodeResult | undefined)[],
  ): AcquireOutcome | Promise<AcquireOutcome> {
    const outcome = this.#count(results);
    if (!outcome.acquired || fenceKeys === undefined) return outcome;
    const fence = maxFence(results);
    const nodes = outcome.nodes;
    return this.#writeBackFence(fenceKeys, fence).then((written): AcquireOutcome =>
      written
        ? { acquired: true, fence, nodes }
        : { acquired: false, reason: 'unreachable', nodes, mayHoldKeys: true },
    );
  }

  /** The votes counted, fencing aside. */
  #count(results: readonly (NodeResult | undefined)[]): AcquireOutcome {
    const nodes = toOutcomes(results, okOrTaken);
    const yes = countOutcomes(nodes, 'ok');
    if (yes >= this.#quorum) return { acquired: true, fence: undefined, nodes };
    const taken = countOutcomes(nodes, 'taken');
    return {
      acquired: false,
      reason: taken > this.#clients.length - this.#quorum ? 'taken' : 'unreachable',
      nodes,
      mayHoldKeys: yes > 0 || taken + yes < nodes.length,
    };
  }

  async extend(held: HeldKeys, ttlMs: number): Promise<ExtendOutcome> {
    // Extensions are batched per node and tick. A restarted node answers honestly that it no
    // longer holds the keys, so extension votes need no identification, only the window.
    const now = this.#clock.now();
    const count = this.#nodes.length;
    const tally = new QuorumTally(count, this.#quorum, isYes, this.#observe);
    for (let index = 0; index < count; index++) {
      if (this.#guard.excludedUntil(index) > now) tally.add(EXCLUDED, index);
      else this.#nodes[index]!.extend.send({ held, ttlMs }, tally.add, index);
    }
    const results = await tally.done;
    const nodes = toOutcomes(results, okOrNotHeld);
    if (countOutcomes(nodes, 'ok') >= this.#quorum) return { extended: true, nodes };
    const notHeld = countOutcomes(nodes, 'not-held');
    const reason = notHeld > this.#clients.length - this.#quorum ? 'not-held' : 'unreachable';
    return { extended: false, reason, nodes };
  }

  /**
   * Sent to every node; resolves once a quorum confirmed the deletion (the lock can then be
   * taken again: no majority holds it), the others reported `pending` while their replies are
   * still watched. Without such a quorum, it waits for every node, so the outcome can tell
   * "nobody held it" from "nodes did not answer".
   */
  release(held: HeldKeys, cleanup = false): Promise<ReleaseOutcome> {
    if (this.#nodes.length === 1) {
      const node = this.#nodes[0]!;
      return (cleanup ? node.cleanup : node.release).call(held).then(this.#releasedAlone);
    }
    const count = this.#nodes.length;
    const tally = new QuorumTally(count, this.#quorum, isYes, this.#observe, false);
    for (let index = 0; index < count; index++) {
      const node = this.#nodes[index]!;
      (cleanup ? node.cleanup : node.release).send(held, tally.add, index);
    }
    return tally.done.then(released);
  }

  // One node: its vote is the decision, as in the single-node backend, whose outcomes these
  // are (a vote the restart guard kept out aside).
  readonly #acquiredAlone = (result: NodeResult): AcquireOutcome => {
    this.#observe(0, result);
    return result.kind === 'excluded' ? this.#count([result]) : oneNodeAcquired(result);
  };

  readonly #releasedAlone = (result: Settled<number>): ReleaseOutcome => {
    this.#observe(0, result);
    return oneNodeReleased(result);
  };

  /** A failed call (error, timeout) makes its node suspect for the restart guard. */
  readonly #observe = (index: number, result: NodeResult): void => {
    if (result.kind === 'timeout' || result.kind === 'error') this.#guard.suspect(index);
  };

  /**
   * A call whose reply is a vote. A node inside its restart-guard window is not asked; a
   * suspect node is identified first, on the same connection, and its vote counts only if it
   * has not restarted since this client last saw it. An unresponsive suspect node is not asked
   * either (its vote counts as a timeout), but identified once per timeout period as a probe.
   */
  #vote(
    index: number,
    batcher: ScriptBatcher<AcquireRequest>,
    request: AcquireRequest,
    now: number,
    add: (result: NodeResult, index: number) => void,
  ): void {
    const guard = this.#guard;
    if (guard.excludedUntil(index) > now) {
      add(EXCLUDED, index);
      return;
    }
    if (!guard.needsIdentify(index, now)) {
      batcher.send(request, add, index);
      return;
    }
    const health = this.#nodes[index]!.health;
    if (health.unresponsive) {
      if (health.admit()) void this.#identify(index).then((who) => this.#identified(index, who));
      add(NOT_ASKED, index);
      return;
    }
    const identity = this.#identify(index);
    const vote = batcher.call(request);
    const identified = Promise.all([identity, vote]).then(([who, result]): NodeResult => {
      if (who.kind !== 'value') {
        guard.suspect(index);
        // A node that did not answer its vote either is reported as such (timeout, error),
        // not as excluded: the restart guard is not why it failed.
        if (result.kind !== 'value') return result;
        return who.kind === 'error' ? who : { kind: 'excluded', cause: 'could not be identified' };
      }
      const counts = this.#identified(index, who);
      return counts ? result : EXCLUDED;
    });
    void identified.then((result) => add(result, index));
  }

  /** Runs the identify script on a node, counted in its health like any call. */
  #identify(index: number): Promise<Settled<NodeIdentity>> {
    const reply = runScript(this.#clients[index]!, identifyScript, [], []).then(parseIdentity);
    return this.#nodes[index]!.deadlines.watch(reply);
  }

  /** Tells the guard what identification found; whether the node's votes count now. */
  #identified(index: number, who: Settled<NodeIdentity>): boolean {
    if (who.kind !== 'value') {
      this.#guard.suspect(index);
      return false;
    }
    return this.#guard.identified(index, who.value.runId, who.value.uptimeMs, this.#clock.now());
  }

  /**
   * Writes the fence back (max) to a majority before the lock is returned, so that any later
   * quorum meets at least one node whose counter is at least this fence, and its acquire
   * raises it further: fences strictly increase while nodes keep acknowledged writes.
   */
  async #writeBackFence(fenceKeys: readonly string[], fence: bigint): Promise<boolean> {
    const keys = [...fenceKeys];
    const args = [fence.toString()];
    const calls = this.#nodes.map((node, index) => {
      if (this.#guard.excludedUntil(index) > this.#clock.now()) {
        return Promise.resolve<NodeResult>({ kind: 'excluded', cause: 'restart guard' });
      }
      if (!node.health.admit()) return Promise.resolve(NOT_ASKED);
      const reply = runScript(this.#clients[index]!, raiseFenceScript, keys, args);
      return node.deadlines.watch(
        reply.then((raw) => parseIntegerReply(raiseFenceScript.name, raw)),
      );
    });
    const results = await gatherQuorum(calls, this.#quorum, isYes, this.#observe);
    return results.filter((result) => result !== undefined && isYes(result)).length >= this.#quorum;
  }
}

function released(results: readonly (NodeResult | undefined)[]): ReleaseOutcome {
  return { nodes: toOutcomes(results, okOrNotHeld) };
}

function maxFence(results: readonly (NodeResult | undefined)[]): bigint {
  let fence = 0n;
  for (const result of results) {
    if (result?.kind === 'value' && BigInt(result.value) > fence) fence = BigInt(result.value);
  }
  return fence;
}
