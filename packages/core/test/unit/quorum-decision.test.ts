// The three rules of a lock, checked exhaustively in the style of redsync's quorum test: every
// assignment of answers to N nodes (redsync walks `for mask := range 1 << len(pools)`; here
// each node has more than two answers, so the walk is over K^N), against the rule restated
// without `quorum()`: a strict majority of the N nodes.
import { describe, expect, it } from 'vitest';
import {
  acquireDecision,
  acquireVotes,
  extendDecision,
  extendVotes,
  oneNodeAcquired,
  oneNodeReleased,
  quorum,
  releaseDecision,
  type Settled,
} from '../../src/backend.js';
import type { NodeOutcome } from '../../src/index.js';
import { oneNodeExtended } from '../../src/operations/extend/extend.js';

type Kind = NodeOutcome['outcome'];

/** Every assignment of `kinds` to `size` nodes: K^size lists of node outcomes. */
function* assignments(kinds: readonly Kind[], size: number): Generator<NodeOutcome[]> {
  for (let code = 0; code < kinds.length ** size; code++) {
    const nodes: NodeOutcome[] = [];
    for (let node = 0, rest = code; node < size; node++, rest = Math.floor(rest / kinds.length)) {
      nodes.push({ node, outcome: kinds[rest % kinds.length]! });
    }
    yield nodes;
  }
}

const count = (nodes: readonly NodeOutcome[], kind: Kind): number =>
  nodes.filter((node) => node.outcome === kind).length;

/** A strict majority of `size` nodes: more than half of them. */
const majority = (votes: number, size: number): boolean => 2 * votes > size;

const SIZES = [1, 2, 3, 4, 5];

describe('the acquire rule', () => {
  const kinds: Kind[] = ['ok', 'taken', 'timeout', 'error', 'excluded', 'pending'];

  it.each(SIZES)('votes of %i nodes: acquired iff a majority said yes', (size) => {
    let cases = 0;
    for (const nodes of assignments(kinds, size)) {
      const votes = acquireVotes(nodes, quorum(size));
      const label = nodes.map((node) => node.outcome).join(',');
      expect(votes.acquired, label).toBe(majority(count(nodes, 'ok'), size));
      if (!votes.acquired) {
        // Taken: even if every node not holding it for another said yes, no majority.
        const couldStillWin = majority(size - count(nodes, 'taken'), size);
        expect(votes.reason, label).toBe(couldStillWin ? 'unreachable' : 'taken');
        // No keys are left only where every node answered that another token holds them.
        expect(votes.mayHoldKeys, label).toBe(count(nodes, 'taken') < size);
      }
      cases++;
    }
    expect(cases).toBe(kinds.length ** size);
  });

  it('whole: acquired iff the votes made a quorum and validity is left', () => {
    const failed = [
      { acquired: false, reason: 'taken', mayHoldKeys: false },
      { acquired: false, reason: 'unreachable', mayHoldKeys: true },
    ] as const;
    for (const validityMs of [-5, 0, 0.5, 1, 9_748]) {
      expect(acquireDecision({ acquired: true }, validityMs)).toBe(
        validityMs > 0 ? 'acquired' : 'validity',
      );
      for (const votes of failed) expect(acquireDecision(votes, validityMs)).toBe(votes.reason);
    }
  });

  it("is the single-node backend's reading of one reply", () => {
    const replies: [Settled<number>, Kind][] = [
      [{ kind: 'value', value: 1 }, 'ok'],
      [{ kind: 'value', value: 0 }, 'taken'],
      [{ kind: 'timeout' }, 'timeout'],
      [{ kind: 'error', error: new Error('READONLY') }, 'error'],
    ];
    for (const [settled, kind] of replies) {
      const outcome = oneNodeAcquired(settled);
      const votes = acquireVotes([{ node: 0, outcome: kind }], quorum(1));
      expect(outcome.nodes.map((node) => node.outcome)).toEqual([kind]);
      expect(outcome.acquired).toBe(votes.acquired);
      if (!outcome.acquired && !votes.acquired) {
        expect([outcome.reason, outcome.mayHoldKeys]).toEqual([votes.reason, votes.mayHoldKeys]);
      }
    }
  });
});

describe('the extend rule', () => {
  const kinds: Kind[] = ['ok', 'not-held', 'timeout', 'error', 'excluded', 'pending'];

  it.each(SIZES)('votes of %i nodes: extended iff a majority reset the keys', (size) => {
    for (const nodes of assignments(kinds, size)) {
      const votes = extendVotes(nodes, quorum(size));
      const label = nodes.map((node) => node.outcome).join(',');
      expect(votes.extended, label).toBe(majority(count(nodes, 'ok'), size));
      if (!votes.extended) {
        const couldStillWin = majority(size - count(nodes, 'not-held'), size);
        expect(votes.reason, label).toBe(couldStillWin ? 'unreachable' : 'not-held');
      }
    }
  });

  it('whole: extended iff a quorum, validity left, and the lock still valid at the reply', () => {
    const validUntil = 1_000;
    for (const validityMs of [-1, 0, 1, 500]) {
      for (const repliedAt of [999, 1_000, 1_001]) {
        const timing = { validityMs, repliedAt, validUntil };
        const inTime = validityMs > 0 && repliedAt < validUntil;
        expect(extendDecision({ extended: true }, timing)).toBe(
          inTime ? 'extended' : 'unreachable',
        );
        for (const reason of ['not-held', 'unreachable'] as const) {
          expect(extendDecision({ extended: false, reason }, timing)).toBe(reason);
        }
      }
    }
  });

  it("is the single-node backend's reading of one reply", () => {
    const replies: [Settled<number>, Kind][] = [
      [{ kind: 'value', value: 1 }, 'ok'],
      [{ kind: 'value', value: 0 }, 'not-held'],
      [{ kind: 'timeout' }, 'timeout'],
      [{ kind: 'error', error: new Error('READONLY') }, 'error'],
    ];
    for (const [settled, kind] of replies) {
      const outcome = oneNodeExtended(settled);
      const votes = extendVotes([{ node: 0, outcome: kind }], quorum(1));
      expect(outcome.nodes.map((node) => node.outcome)).toEqual([kind]);
      expect(outcome.extended).toBe(votes.extended);
      if (!outcome.extended && !votes.extended) expect(outcome.reason).toBe(votes.reason);
    }
  });
});

describe('the release rule', () => {
  const kinds: Kind[] = ['ok', 'not-held', 'timeout', 'error', 'pending'];

  it.each(SIZES)('%i nodes: released iff any node deleted its keys', (size) => {
    for (const nodes of assignments(kinds, size)) {
      const expected =
        count(nodes, 'ok') > 0
          ? 'released'
          : count(nodes, 'not-held') === size
            ? 'not-held'
            : 'unconfirmed';
      expect(releaseDecision(nodes), nodes.map((node) => node.outcome).join(',')).toBe(expected);
    }
  });

  it("is the single-node backend's reading of one reply", () => {
    expect(releaseDecision(oneNodeReleased({ kind: 'value', value: 2 }).nodes)).toBe('released');
    expect(releaseDecision(oneNodeReleased({ kind: 'value', value: 0 }).nodes)).toBe('not-held');
    expect(releaseDecision(oneNodeReleased({ kind: 'timeout' }).nodes)).toBe('unconfirmed');
  });
});
