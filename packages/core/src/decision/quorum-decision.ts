import type { AcquireFailureReason, NodeOutcome } from '../outcomes.js';

// The three rules of a lock, each stated once. Backends count votes as soon as enough nodes
// answered (`acquireVotes`, `extendVotes`); the engine, which alone knows when the deciding
// reply came, adds the time half (`acquireDecision`, `extendDecision`). For one node these are
// the single-node backend's replies: 1 yes, 0 no, nothing an error or a timeout.

/**
 * What an acquire's votes come to, before time is counted.
 * @category Decisions
 */
export type AcquireVotes =
  | {
      /** A quorum said yes. */
      readonly acquired: true;
    }
  | {
      /** Too few nodes said yes. */
      readonly acquired: false;
      /** `taken`: too many nodes hold it for another token; `unreachable`: too few answered. */
      readonly reason: 'taken' | 'unreachable';
      /** Whether some node may hold a key with the token (a yes below quorum, no answer). */
      readonly mayHoldKeys: boolean;
    };

/**
 * What an extension's votes come to, before time is counted.
 * @category Decisions
 */
export type ExtendVotes =
  | {
      /** A quorum reset the keys. */
      readonly extended: true;
    }
  | {
      /** Too few nodes reset the keys. */
      readonly extended: false;
      /** `not-held`: too many nodes no longer hold them; `unreachable`: too few answered. */
      readonly reason: 'not-held' | 'unreachable';
    };

/**
 * How many outcomes are `kind`.
 * @category Decisions
 */
export function countOutcomes(nodes: readonly NodeOutcome[], kind: NodeOutcome['outcome']): number {
  let count = 0;
  for (const node of nodes) if (node.outcome === kind) count++;
  return count;
}

/**
 * The acquire rule, votes: acquired iff at least `quorum` nodes said yes (`ok`). Otherwise
 * `taken` when more nodes hold a key for another token than a quorum can spare (so no quorum
 * forms until one is released), else `unreachable` (timeouts, errors, excluded votes). The
 * failed attempt may have left keys unless every node said `taken`.
 *
 * @example
 * ```ts
 * acquireVotes(outcomes(['ok', 'ok', 'timeout']), 2); // { acquired: true }
 * acquireVotes(outcomes(['ok', 'taken', 'taken']), 2); // taken, mayHoldKeys (node 0 said yes)
 * ```
 * @category Decisions
 */
export function acquireVotes(nodes: readonly NodeOutcome[], quorum: number): AcquireVotes {
  const yes = countOutcomes(nodes, 'ok');
  if (yes >= quorum) return { acquired: true };
  const taken = countOutcomes(nodes, 'taken');
  return {
    acquired: false,
    reason: taken > nodes.length - quorum ? 'taken' : 'unreachable',
    mayHoldKeys: taken < nodes.length,
  };
}

/**
 * The acquire rule, whole: the votes made a quorum, and validity is left at the deciding reply
 * (redsync's `n >= quorum && now.Before(until)`).
 * @returns `'acquired'`, or why the attempt failed.
 * @category Decisions
 */
export function acquireDecision(
  votes: AcquireVotes,
  validityMs: number,
): 'acquired' | Exclude<AcquireFailureReason, 'timeout'> {
  if (!votes.acquired) return votes.reason;
  return validityMs > 0 ? 'acquired' : 'validity';
}

/**
 * The extend rule, votes: extended iff at least `quorum` nodes reset the keys (`ok`);
 * otherwise `not-held` when more nodes no longer hold them than a quorum can spare, else
 * `unreachable`.
 * @category Decisions
 */
export function extendVotes(nodes: readonly NodeOutcome[], quorum: number): ExtendVotes {
  if (countOutcomes(nodes, 'ok') >= quorum) return { extended: true };
  const notHeld = countOutcomes(nodes, 'not-held');
  return { extended: false, reason: notHeld > nodes.length - quorum ? 'not-held' : 'unreachable' };
}

/**
 * The extend rule, whole: the votes made a quorum, validity is left at the deciding reply, and
 * the lock had not ended before that reply came (an extension cannot revive a lock whose
 * validity ran out while it was in flight). Votes that made a quorum too late count as
 * `unreachable`: the lock is lost either way, the nodes were not at fault.
 * @category Decisions
 */
export function extendDecision(
  votes: ExtendVotes,
  validity: {
    readonly validityMs: number;
    readonly repliedAt: number;
    readonly validUntil: number;
  },
): 'extended' | 'not-held' | 'unreachable' {
  if (!votes.extended) return votes.reason;
  return validity.validityMs > 0 && validity.repliedAt < validity.validUntil
    ? 'extended'
    : 'unreachable';
}

/**
 * The release rule: released iff some node deleted a key (it held the lock and no longer
 * does); `not-held` when every node answered that it held nothing; otherwise `unconfirmed`
 * (nodes did not answer, and their keys may live until their ttl). A quorum backend stops
 * waiting once a quorum has released: no majority holds the lock then.
 * @category Decisions
 */
export function releaseDecision(
  nodes: readonly NodeOutcome[],
): 'released' | 'not-held' | 'unconfirmed' {
  if (countOutcomes(nodes, 'ok') > 0) return 'released';
  return countOutcomes(nodes, 'not-held') === nodes.length ? 'not-held' : 'unconfirmed';
}
