import type { NodeOutcome, ReleaseOutcome } from '@redquorum/core';
import {
  acquireVotes,
  checkSameSlot,
  extendVotes,
  hashSlot,
  type ClientAdapter,
  oneNodeAcquired,
  oneNodeReleased,
  type AcquireOutcome,
  type AcquireRequest,
  type ExtendItem,
  type ExtendOutcome,
  type HeldKeys,
  type LockBackend,
  type NodeBatchers,
  type Settled,
} from '@redquorum/core/backend';
import { maxFence, writeBackFence } from './fence-write-back.js';
import { inspectNodes, type NodeHolding } from './inspect.js';
import { NodeOutcomes, okOrNotHeld, okOrTaken } from './node-outcomes.js';
import { isYes, NOT_ASKED, type NodeResult } from './node-result.js';
import { quorumNodes, type QuorumBackendOptions, type QuorumNodes } from './quorum-nodes.js';
import { QuorumTally, type Gathered, type TallyOptions } from './quorum-tally.js';
import { RestartGuardVote } from './restart-guard-vote.js';
import { SameServerError } from './same-server-error.js';
import { UnaskedNodes } from './unasked-nodes.js';

/** Which of a node's batchers carries each voted operation. */
const ACQUIRE = (node: NodeBatchers) => node.acquire;
const EXTEND = (node: NodeBatchers) => node.extend;

/**
 * Redlock's backend: every operation fans out to all N nodes at once, each call bounded by
 * `nodeTimeoutMs`, and is decided as soon as a quorum has (`QuorumTally`), by core's rules
 * (`acquireVotes`, `extendVotes`). The restart guard decides which votes count
 * (`RestartGuardVote`); a fenced lock's fence is written back to a quorum (`writeBackFence`).
 */
export class QuorumBackend implements LockBackend {
  readonly #quorum: QuorumNodes;
  readonly #votes: RestartGuardVote;
  readonly #outcomes: NodeOutcomes;
  readonly #timeoutMs: number;
  readonly #cluster: boolean;
  readonly #unasked = new UnaskedNodes();
  readonly #tally: TallyOptions;
  /** A release waits for a quorum of yes or every node: see `release`. */
  readonly #releaseTally: TallyOptions;

  constructor(clients: readonly ClientAdapter[], options: QuorumBackendOptions) {
    this.#quorum = quorumNodes(clients, options);
    this.#votes = new RestartGuardVote(this.#quorum);
    this.#outcomes = new NodeOutcomes(clients.length);
    this.#timeoutMs = options.nodeTimeoutMs;
    this.#cluster = clients.some((client) => client.cluster);
    const needed = this.#quorum.quorum;
    const observe = this.#votes.observe;
    this.#tally = { count: clients.length, needed, isYes, observe };
    this.#releaseTally = { ...this.#tally, failFast: false };
  }

  /** How many nodes there are. */
  get nodeCount(): number {
    return this.#quorum.nodes.length;
  }

  /** What each node holds for `key`, through the same clients (and script cache) as locks. */
  inspect(key: string): Promise<NodeHolding[]> {
    return inspectNodes(this.#quorum.clients, key, this.#timeoutMs);
  }

  checkKeys(keys: readonly string[]): void {
    if (this.#cluster) checkSameSlot(keys, hashSlot);
  }

  /**
   * One attempt. Rejects with a {@link SameServerError} once two nodes turned out to be one
   * server, and the attempt that finds it out too (after cleaning up what it may have taken).
   */
  acquire(request: AcquireRequest): Promise<AcquireOutcome> {
    const { guard, clock, nodes } = this.#quorum;
    if (guard.sameServer !== undefined) {
      return Promise.reject(new SameServerError(guard.sameServer));
    }
    const now = clock.now();
    const breaks = guard.breaks;
    const count = nodes.length;
    if (count === 1 && request.fenceKeys === undefined) {
      // One node: its vote is the decision, no gathering.
      let asked = true;
      const vote = new Promise<NodeResult>((resolve) => {
        const ballot = { batcher: ACQUIRE, item: request, now, add: resolve };
        asked = this.#votes.vote(0, ballot);
      });
      this.#unasked.attempted(request.token, asked ? undefined : [true]);
      return vote.then((result) => this.#acquiredAlone(result, breaks));
    }
    const tally = new QuorumTally(this.#tally);
    const ballot = { batcher: ACQUIRE, item: request, now, add: tally.add };
    let unasked: boolean[] | undefined;
    for (let index = 0; index < count; index++) {
      if (!this.#votes.vote(index, ballot)) {
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
    results: Gathered,
    breaks: number,
  ): AcquireOutcome | Promise<AcquireOutcome> {
    if (this.#quorum.guard.breaks !== breaks) this.#votes.dropBroken(results, breaks);
    const outcome = this.#count(results);
    if (!outcome.acquired) return this.#grant(request, results, outcome);
    return this.#votes.afterFirstContacts(() => this.#grant(request, results, outcome));
  }

  /** The outcome, unless two nodes are one server; with its fence written back, when fenced. */
  #grant(
    request: AcquireRequest,
    results: Gathered,
    outcome: AcquireOutcome,
  ): AcquireOutcome | Promise<AcquireOutcome> {
    const same = this.#quorum.guard.sameServer;
    if (same !== undefined) return this.#refuse(request, outcome, new SameServerError(same));
    const fenceKeys = request.fenceKeys;
    if (!outcome.acquired || fenceKeys === undefined) return outcome;
    const fence = maxFence(results);
    const nodes = outcome.nodes;
    const written = writeBackFence(this.#quorum, this.#votes.observe, { fenceKeys, fence });
    return written.then((raised): AcquireOutcome =>
      raised
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

  /** The votes counted by the acquire rule (`acquireVotes`), fencing aside. */
  #count(results: readonly (NodeResult | undefined)[]): AcquireOutcome {
    const nodes = this.#outcomes.of(results, okOrTaken);
    const votes = acquireVotes(nodes, this.#quorum.quorum);
    if (votes.acquired) return { acquired: true, fence: undefined, nodes };
    return { acquired: false, reason: votes.reason, nodes, mayHoldKeys: votes.mayHoldKeys };
  }

  /**
   * The extend script sets a key again where a node lost it (see the safety guide, "Keeping a
   * lock through restarts"), so a node that restarted empty would say yes: an extension's votes
   * go through the restart guard exactly as an acquire's, and a quorum is granted only once
   * every first identification has settled, never by two nodes that are one server. Validity
   * is then measured as for a fresh acquisition (the engine's part).
   */
  extend(held: HeldKeys, ttlMs: number): Promise<ExtendOutcome> {
    // A key may now be set on a node the acquisition's last attempt skipped: the cleanup of a
    // lost lock must go there too.
    this.#unasked.take(held.token);
    const { guard, clock, nodes } = this.#quorum;
    const breaks = guard.breaks;
    const tally = new QuorumTally(this.#tally);
    const item: ExtendItem = { held, ttlMs };
    const ballot = { batcher: EXTEND, item, now: clock.now(), add: tally.add };
    for (let index = 0; index < nodes.length; index++) this.#votes.vote(index, ballot);
    return tally.done.then((results) => this.#extended(results, breaks));
  }

  /** What the votes of an extension come to, by the extend rule (`extendVotes`). */
  #extended(results: Gathered, breaks: number): ExtendOutcome | Promise<ExtendOutcome> {
    if (this.#quorum.guard.breaks !== breaks) this.#votes.dropBroken(results, breaks);
    const nodes = this.#outcomes.of(results, okOrNotHeld);
    const votes = extendVotes(nodes, this.#quorum.quorum);
    if (!votes.extended) return { extended: false, reason: votes.reason, nodes };
    return this.#votes.afterFirstContacts(() => this.#extendedUnlessTwins(nodes));
  }

  /** Extended, unless two nodes turned out to be one server: its two votes made the quorum. */
  #extendedUnlessTwins(nodes: readonly NodeOutcome[]): ExtendOutcome {
    if (this.#quorum.guard.sameServer === undefined) return { extended: true, nodes };
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
    const nodes = this.#quorum.nodes;
    if (nodes.length === 1) {
      const node = nodes[0]!;
      if (unasked !== undefined) return Promise.resolve(this.#releasedAlone(NOT_ASKED));
      return (cleanup ? node.cleanup : node.release).call(held).then(this.#releasedAlone);
    }
    const tally = new QuorumTally(this.#releaseTally);
    for (let index = 0; index < nodes.length; index++) {
      const node = nodes[index]!;
      if (unasked?.[index] === true) tally.add(NOT_ASKED, index);
      else (cleanup ? node.cleanup : node.release).send(held, tally.add);
    }
    return tally.done.then((results) => ({ nodes: this.#outcomes.of(results, okOrNotHeld) }));
  }

  // One node: its vote is the decision, as in the single-node backend, whose outcomes these
  // are (a vote the restart guard kept out aside).
  #acquiredAlone(result: NodeResult, breaks: number): AcquireOutcome {
    this.#votes.observe(0, result);
    const counted = this.#votes.counted(0, result, breaks);
    return counted.kind === 'excluded' ? this.#count([counted]) : oneNodeAcquired(counted);
  }

  readonly #releasedAlone = (result: Settled<number>): ReleaseOutcome => {
    this.#votes.observe(0, result);
    return oneNodeReleased(result);
  };
}
