import {
  ClientSideError,
  type NodeBatchers,
  type ScriptBatcher,
  type Settled,
} from '@redquorum/core/backend';
import { identifyNode, type NodeIdentity } from './identify-script.js';
import { NOT_ASKED, type NodeResult } from './node-result.js';
import type { QuorumNodes } from './quorum-nodes.js';

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

/** One operation's ballot, the same for every node it asks. */
export interface Ballot<Item> {
  /** Which of a node's batchers carries the vote (acquire or extend). */
  readonly batcher: (node: NodeBatchers) => ScriptBatcher<Item>;
  /** What is voted on. */
  readonly item: Item;
  /** Monotonic time the operation started: the guard's windows are read against it. */
  readonly now: number;
  /** Where each node's vote goes, with its index (a tally's `add`). */
  readonly add: (result: NodeResult, index: number) => void;
}

/** An identification in flight, and the guard's break count when it was sent. */
interface SharedIdentity {
  readonly identity: Promise<NodeResult | undefined>;
  readonly breaks: number;
}

/**
 * The restart guard at the ballot box: which nodes are asked for a vote and which votes count.
 * A node inside its restart-guard window is not asked, nor is an unresponsive node (its vote
 * counts as a timeout; a suspect one is identified once per timeout period as a probe). A
 * suspect node is identified first, on the same connection, and its vote counts only if it has
 * not restarted since this client last saw it, and its connection did not break in between. A
 * quorum waits for every first identification in flight (`afterFirstContacts`): a node met for
 * the first time may yet turn out to be another node's server, and its votes would then make a
 * false quorum. Votes sent while a node's identification is in flight share it (thousands of
 * acquires or extensions may go out in one tick: one identification sent ahead of them on the
 * same connection vouches for all), never across a connection break.
 */
export class RestartGuardVote {
  readonly #quorum: QuorumNodes;
  /** First identifications of nodes still in flight: no lock is granted before they settle. */
  readonly #firstContacts = new Set<Promise<unknown>>();
  /** Per node, the identification that votes sent now may share. */
  readonly #identifying: (SharedIdentity | undefined)[];

  constructor(quorum: QuorumNodes) {
    this.#quorum = quorum;
    this.#identifying = new Array<SharedIdentity | undefined>(quorum.nodes.length);
  }

  /** Asks node `index` for its vote on the ballot, or records why not; whether it was sent. */
  vote<Item>(index: number, ballot: Ballot<Item>): boolean {
    const { guard, nodes } = this.#quorum;
    const { add, now } = ballot;
    if (guard.excludedUntil(index) > now) {
      add(EXCLUDED, index);
      return false;
    }
    const node = nodes[index]!;
    const health = node.health;
    const identify = this.#identifyShared;
    if (health.unresponsive) {
      if (guard.needsIdentify(index, now) && health.admit()) void identify(index);
      add(NOT_ASKED, index);
      return false;
    }
    const batcher = ballot.batcher(node);
    if (!guard.needsIdentify(index, now)) {
      batcher.send(ballot.item, add);
      return true;
    }
    const breaks = guard.breaks;
    const firstContact = !guard.knows(index);
    // Told to the guard as soon as it is read: a break after the reply then marks the node
    // suspect again, after, not before, this identification clears it.
    const identity = identify(index);
    if (firstContact) this.#awaitFirstContact(identity);
    const vote = batcher.call(ballot.item);
    void Promise.all([identity, vote]).then((both) =>
      add(this.#counted(index, both, breaks), index),
    );
    return true;
  }

  /** A failed call (error, timeout) makes its node suspect for the restart guard. */
  readonly observe = (index: number, result: NodeResult): void => {
    // The client failing by itself (a ClientSideError) says nothing about the node.
    if (result.kind === 'error' && result.error instanceof ClientSideError) return;
    if (result.kind === 'timeout' || result.kind === 'error') this.#quorum.guard.suspect(index);
  };

  /**
   * Votes that came back while their node's connection broke may come from another server
   * than the node's identification (node-redis sends commands queued while disconnected to
   * whichever server answers the reconnection): they do not count.
   */
  dropBroken(results: (NodeResult | undefined)[], breaks: number): void {
    for (let index = 0; index < results.length; index++) {
      results[index] = this.counted(index, results[index], breaks);
    }
  }

  /** Node `index`'s vote as it counts: not when its connection broke since `breaks`. */
  counted<Result extends NodeResult | undefined>(
    index: number,
    result: Result,
    breaks: number,
  ): Result | NodeResult {
    const broke = result?.kind === 'value' && this.#quorum.guard.brokeSince(index, breaks);
    return broke ? BROKEN : result;
  }

  /** `decide()`, once every first identification in flight has settled. */
  afterFirstContacts<T>(decide: () => T | Promise<T>): T | Promise<T> {
    if (this.#firstContacts.size === 0) return decide();
    return Promise.all(this.#firstContacts).then(decide);
  }

  /**
   * What an identified vote comes to: `result`, or what identification put `instead`. A node
   * that did not answer its vote either is reported as such (timeout, error), not as
   * unidentified: the restart guard is not why it failed.
   */
  #counted(
    index: number,
    [instead, result]: [NodeResult | undefined, Settled<number>],
    breaks: number,
  ): NodeResult {
    if (instead === EXCLUDED) return EXCLUDED;
    if (result.kind !== 'value') return result;
    if (instead !== undefined) return instead;
    return this.counted(index, result, breaks);
  }

  #awaitFirstContact(identity: Promise<unknown>): void {
    this.#firstContacts.add(identity);
    void identity.then(() => this.#firstContacts.delete(identity));
  }

  /** Identifies node `index` and tells the guard (see `#identified`). */
  readonly #identifyNow = (index: number): Promise<NodeResult | undefined> => {
    const { clients, nodes } = this.#quorum;
    return identifyNode(clients[index]!, nodes[index]!.deadlines).then((who) =>
      this.#identified(index, who),
    );
  };

  /**
   * `#identifyNow`, shared by the votes sent while it is in flight. Not across a connection
   * break (any node's, to keep the check cheap): the one sent before could vouch for another
   * server than the one a vote sent after reaches.
   */
  readonly #identifyShared = (index: number): Promise<NodeResult | undefined> => {
    const breaks = this.#quorum.guard.breaks;
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

  /**
   * Tells the guard what identification found: undefined when the node's votes count now,
   * else what its vote comes to instead.
   */
  #identified(index: number, who: Settled<NodeIdentity>): NodeResult | undefined {
    const { guard, clock } = this.#quorum;
    if (who.kind !== 'value') {
      guard.suspect(index);
      return who.kind === 'error' ? who : UNIDENTIFIED;
    }
    const { runId, uptimeMs } = who.value;
    return guard.identified(index, runId, uptimeMs, clock.now()) ? undefined : EXCLUDED;
  }
}
