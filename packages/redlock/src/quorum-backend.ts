import {
  type Clock,
  type NodeOutcome,
  type RedisScriptClient,
  type ReleaseOutcome,
} from '@redquorum/core';
import {
  ClientSideError,
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
  type ExtendItem,
  type ExtendOutcome,
  type HeldKeys,
  type LockBackend,
  type ScriptBatcher,
} from '@redquorum/core/backend';
import { gatherQuorum, type NodeResult } from './gather-quorum.js';
import { QuorumTally } from './quorum-tally.js';
import { identifyNode, type NodeIdentity } from './identify-script.js';
import { inspectNodes, type NodeHolding } from './inspect.js';
import { REDLOCK_SCRIPTS } from './redlock-scripts.js';
import { countOutcomes, okOrNotHeld, okOrTaken, toOutcomes } from './node-outcomes.js';
import type { RestartGuard } from './restart-guard.js';
import { SameServerError } from './same-server-error.js';
import { UnaskedNodes } from './unasked-nodes.js';

/** A vote (or cleanup) not asked of an unresponsive node: it counts as that node's timeout. */
const NOT_ASKED: Settled<number> = Object.freeze({ kind: 'timeout' });
/** A vote not asked of (or not counted from) a node inside its restart-guard window. */
const EXCLUDED: NodeResult = Object.freeze({
  kind: 'excluded',
  cause: 'restarted within the max ttl',
});
/** A vote from a node that said yes but whose identity could not be read. */
const UNIDENTIFIED: NodeResult = Object.freeze({
  kind: 'excluded',
  cause: 'could not be identified',
});
/** A reply from a node whose connection broke during the attempt: maybe another server's. */
const BROKEN: NodeResult = Object.freeze({
  kind: 'excluded',
  cause: 'its connection broke during the attempt',
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
  readonly #unasked = new UnaskedNodes();
  /** First identifications of nodes still in flight: no lock is granted before they settle. */
  readonly #firstContacts = new Set<Promise<unknown>>();
  /** Per node, the identification that extension votes sent now may share (`#identifyShared`). */
  readonly #identifying: (SharedIdentity | undefined)[];

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
    this.#identifying = new Array<SharedIdentity | undefined>(clients.length);
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

  /**
   * One attempt. Rejects with a {@link SameServerError} once two nodes turned out to be one
   * server, and the attempt that finds it out too (after cleaning up what it may have taken).
   */
  acquire(request: AcquireRequest): Promise<AcquireOutcome> {
    const guard = this.#guard;
    if (guard.sameServer !== undefined)
      return Promise.reject(new SameServerError(guard.sameServer));
    const now = this.#clock.now();
    const breaks = guard.breaks;
    const count = this.#nodes.length;
    if (count === 1 && request.fenceKeys === undefined) {
      // One node: its vote is the decision, no gathering.
      const batcher = this.#nodes[0]!.acquire;
      let asked = true;
      const vote = new Promise<NodeResult>((resolve) => {
        asked = this.#vote(0, batcher, request, now, resolve);
      });
      this.#unasked.attempted(request.token, asked ? undefined : [true]);
      return vote.then((result) => this.#acquiredAlone(result, breaks));
    }
    const tally = new QuorumTally(count, this.#quorum, isYes, this.#observe);
    let unasked: boolean[] | undefined;
    for (let index = 0; index < count; index++) {
      if (!this.#vote(index, this.#nodes[index]!.acquire, request, now, tally.add)) {
        (unasked ??= new Array<boolean>(count).fill(false))[index] = true;
      }
    }
    this.#unasked.attempted(request.token, unasked);
    return tally.done.then((results) => this.#decide(request, results, breaks));
  }

  /**
   * What the votes of an acquire come to. Not async: only a fenced acquisition, or one made
   * while a node is met for the first time, waits further; the others add no promise hop.
   */
  #decide(
    request: AcquireRequest,
    results: (NodeResult | undefined)[],
    breaks: number,
  ): AcquireOutcome | Promise<AcquireOutcome> {
    if (this.#guard.breaks !== breaks) this.#dropBroken(results, breaks);
    const outcome = this.#count(results);
    // While a node's first identification is out, it may yet turn out to be another node's
    // server: counted twice, its votes would make a false quorum.
    if (outcome.acquired && this.#firstContacts.size > 0) {
      return Promise.all(this.#firstContacts).then(() => this.#grant(request, results, outcome));
    }
    return this.#grant(request, results, outcome);
  }

  /** The outcome, unless two nodes are one server; with its fence written back, when fenced. */
  #grant(
    request: AcquireRequest,
    results: readonly (NodeResult | undefined)[],
    outcome: AcquireOutcome,
  ): AcquireOutcome | Promise<AcquireOutcome> {
    const same = this.#guard.sameServer;
    if (same !== undefined) return this.#refuse(request, outcome, new SameServerError(same));
    const fenceKeys = request.fenceKeys;
    if (!outcome.acquired || fenceKeys === undefined) return outcome;
    const fence = maxFence(results);
    const nodes = outcome.nodes;
    return this.#writeBackFence(fenceKeys, fence).then((written): AcquireOutcome =>
      written
        ? { acquired: true, fence, nodes }
        : { acquired: false, reason: 'unreachable', nodes, mayHoldKeys: true },
    );
  }

  /** Rejects with `error` once what the attempt may have taken is released. */
  async #refuse(
    request: AcquireRequest,
    outcome: AcquireOutcome,
    error: SameServerError,
  ): Promise<never> {
    if (outcome.acquired || outcome.mayHoldKeys) {
      await this.release({ keys: request.keys, token: request.token }, true);
    }
    throw error;
  }

  /**
   * A reply that came back while its node's connection broke may come from another server than
   * the node's identification (node-redis sends commands queued while disconnected to whichever
   * server answers the reconnection): it does not count.
   */
  #dropBroken(results: (NodeResult | undefined)[], breaks: number): void {
    for (let index = 0; index < results.length; index++) {
      if (results[index]?.kind === 'value' && this.#guard.brokeSince(index, breaks)) {
        results[index] = BROKEN;
      }
    }
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

  /**
   * The extend script sets a key again where a node lost it (see the safety guide, "Keeping a
   * lock through restarts"), so a node that restarted empty would say yes: an extension's votes
   * go through the restart guard exactly as an acquire's (`#vote`). A node inside its window is
   * not asked, a suspect one is identified first (one identification shared by the tick's
   * extensions), a reply across a connection break does not count, and a quorum is granted
   * only once every first identification has settled, and never by two nodes that are one
   * server. Validity is then measured as for a fresh acquisition (the engine's part).
   */
  extend(held: HeldKeys, ttlMs: number): Promise<ExtendOutcome> {
    // A key may now be set on a node the acquisition's last attempt skipped: the cleanup of a
    // lost lock must go there too.
    this.#unasked.take(held.token);
    const now = this.#clock.now();
    const breaks = this.#guard.breaks;
    const count = this.#nodes.length;
    const tally = new QuorumTally(count, this.#quorum, isYes, this.#observe);
    const item: ExtendItem = { held, ttlMs };
    for (let index = 0; index < count; index++) {
      this.#vote(index, this.#nodes[index]!.extend, item, now, tally.add, this.#identifyShared);
    }
    return tally.done.then((results) => this.#extended(results, breaks));
  }

  /** What the votes of an extension come to, counted as an acquire's are (`#decide`). */
  #extended(
    results: (NodeResult | undefined)[],
    breaks: number,
  ): ExtendOutcome | Promise<ExtendOutcome> {
    if (this.#guard.breaks !== breaks) this.#dropBroken(results, breaks);
    const nodes = toOutcomes(results, okOrNotHeld);
    if (countOutcomes(nodes, 'ok') < this.#quorum) {
      const notHeld = countOutcomes(nodes, 'not-held');
      const reason = notHeld > this.#clients.length - this.#quorum ? 'not-held' : 'unreachable';
      return { extended: false, reason, nodes };
    }
    if (this.#firstContacts.size > 0) {
      return Promise.all(this.#firstContacts).then(() => this.#extendedUnlessTwins(nodes));
    }
    return this.#extendedUnlessTwins(nodes);
  }

  /** Extended, unless two nodes turned out to be one server: its two votes made the quorum. */
  #extendedUnlessTwins(nodes: readonly NodeOutcome[]): ExtendOutcome {
    if (this.#guard.sameServer === undefined) return { extended: true, nodes };
    return { extended: false, reason: 'unreachable', nodes };
  }

  /**
   * Sent to every node; resolves once a quorum confirmed the deletion (the lock can then be
   * taken again: no majority holds it), the others reported `pending` while their replies are
   * still watched. Without such a quorum, it waits for every node, so the outcome can tell
   * "nobody held it" from "nodes did not answer". A cleanup after a failed attempt skips the
   * nodes that attempt did not ask (they count as timeouts): they cannot hold its keys, and an
   * unresponsive one would only queue it.
   */
  release(held: HeldKeys, cleanup = false): Promise<ReleaseOutcome> {
    // Taken (forgotten) by a final release too: the acquisition is over.
    const remembered = this.#unasked.take(held.token);
    const unasked = cleanup ? remembered : undefined;
    if (this.#nodes.length === 1) {
      const node = this.#nodes[0]!;
      if (unasked !== undefined) return Promise.resolve(this.#releasedAlone(NOT_ASKED));
      return (cleanup ? node.cleanup : node.release).call(held).then(this.#releasedAlone);
    }
    const count = this.#nodes.length;
    const tally = new QuorumTally(count, this.#quorum, isYes, this.#observe, false);
    for (let index = 0; index < count; index++) {
      const node = this.#nodes[index]!;
      if (unasked?.[index] === true) tally.add(NOT_ASKED, index);
      else (cleanup ? node.cleanup : node.release).send(held, tally.add, index);
    }
    return tally.done.then(released);
  }

  // One node: its vote is the decision, as in the single-node backend, whose outcomes these
  // are (a vote the restart guard kept out aside).
  #acquiredAlone(result: NodeResult, breaks: number): AcquireOutcome {
    this.#observe(0, result);
    const counted = result.kind === 'value' && this.#guard.brokeSince(0, breaks) ? BROKEN : result;
    return counted.kind === 'excluded' ? this.#count([counted]) : oneNodeAcquired(counted);
  }

  readonly #releasedAlone = (result: Settled<number>): ReleaseOutcome => {
    this.#observe(0, result);
    return oneNodeReleased(result);
  };

  /** A failed call (error, timeout) makes its node suspect for the restart guard. */
  readonly #observe = (index: number, result: NodeResult): void => {
    // The client failing by itself (a ClientSideError) says nothing about the node.
    if (result.kind === 'error' && result.error instanceof ClientSideError) return;
    if (result.kind === 'timeout' || result.kind === 'error') this.#guard.suspect(index);
  };

  /**
   * A call whose reply is a vote; whether it was sent. A node inside its restart-guard window is
   * not asked, nor is an unresponsive node (its vote counts as a timeout; a suspect one is
   * identified once per timeout period as a probe). A suspect node is identified first, on the
   * same connection, and its vote counts only if it has not restarted since this client last
   * saw it, and its connection did not break in between.
   */
  #vote<Item>(
    index: number,
    batcher: ScriptBatcher<Item>,
    request: Item,
    now: number,
    add: (result: NodeResult, index: number) => void,
    identify = this.#identifyNow,
  ): boolean {
    const guard = this.#guard;
    if (guard.excludedUntil(index) > now) {
      add(EXCLUDED, index);
      return false;
    }
    const health = this.#nodes[index]!.health;
    if (health.unresponsive) {
      if (guard.needsIdentify(index, now) && health.admit()) {
        void identify(index);
      }
      add(NOT_ASKED, index);
      return false;
    }
    if (!guard.needsIdentify(index, now)) {
      batcher.send(request, add, index);
      return true;
    }
    const breaks = guard.breaks;
    const firstContact = !guard.knows(index);
    // Told to the guard as soon as it is read: a break after the reply then marks the node
    // suspect again, after, not before, this identification clears it.
    const identity = identify(index);
    if (firstContact) this.#awaitFirstContact(identity);
    const vote = batcher.call(request);
    void Promise.all([identity, vote]).then(([instead, result]) => {
      add(this.#counted(index, instead, result, breaks), index);
    });
    return true;
  }

  /**
   * What an identified vote comes to: `result`, or what identification put `instead`. A node
   * that did not answer its vote either is reported as such (timeout, error), not as
   * unidentified: the restart guard is not why it failed.
   */
  #counted(
    index: number,
    instead: NodeResult | undefined,
    result: NodeResult,
    breaks: number,
  ): NodeResult {
    if (instead === EXCLUDED) return EXCLUDED;
    if (result.kind !== 'value') return result;
    if (instead !== undefined) return instead;
    return this.#guard.brokeSince(index, breaks) ? BROKEN : result;
  }

  #awaitFirstContact(identity: Promise<unknown>): void {
    this.#firstContacts.add(identity);
    void identity.then(() => this.#firstContacts.delete(identity));
  }

  /** Identifies node `index` and tells the guard (see `#identified`). */
  readonly #identifyNow = (index: number): Promise<NodeResult | undefined> =>
    this.#identify(index).then((who) => this.#identified(index, who));

  /**
   * `#identifyNow`, shared by the votes sent while it is in flight: thousands of locks may
   * extend in one tick, and one identification, sent ahead of them on the same connection,
   * vouches for all. Not across a connection break (any node's, to keep the check cheap): the
   * one sent before could vouch for another server than the one a vote sent after reaches.
   */
  readonly #identifyShared = (index: number): Promise<NodeResult | undefined> => {
    const breaks = this.#guard.breaks;
    const shared = this.#identifying[index];
    if (shared !== undefined && shared.breaks === breaks) return shared.identity;
    const identity = this.#identifyNow(index);
    const entry: SharedIdentity = { identity, breaks };
    this.#identifying[index] = entry;
    void identity.then(() => {
      if (this.#identifying[index] === entry) this.#identifying[index] = undefined;
    });
    return identity;
  };

  #identify(index: number): Promise<Settled<NodeIdentity>> {
    return identifyNode(this.#clients[index]!, this.#nodes[index]!.deadlines);
  }

  /**
   * Tells the guard what identification found: undefined when the node's votes count now,
   * else what its vote comes to instead.
   */
  #identified(index: number, who: Settled<NodeIdentity>): NodeResult | undefined {
    if (who.kind !== 'value') {
      this.#guard.suspect(index);
      return who.kind === 'error' ? who : UNIDENTIFIED;
    }
    const { runId, uptimeMs } = who.value;
    return this.#guard.identified(index, runId, uptimeMs, this.#clock.now()) ? undefined : EXCLUDED;
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

/** An identification in flight, and the guard's break count when it was sent. */
interface SharedIdentity {
  readonly identity: Promise<NodeResult | undefined>;
  readonly breaks: number;
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
