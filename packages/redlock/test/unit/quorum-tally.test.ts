// The tally behind every quorum operation, fed one node's result at a time by the batchers:
// when it decides, what its slots hold then, and what it does with results that come later.
import { describe, expect, it } from 'vitest';
import type { NodeResult } from '../../src/index.js';
import { isYes } from '../../src/node-result.js';
import { QuorumTally } from '../../src/quorum-tally.js';

const yes: NodeResult = { kind: 'value', value: 1 };
const no: NodeResult = { kind: 'value', value: 0 };
const timeout: NodeResult = { kind: 'timeout' };
const excluded: NodeResult = { kind: 'excluded', cause: 'restarted within the max ttl' };

/** A tally of `count` nodes needing `needed` yes, and whether it has decided yet. */
function tally(count: number, needed: number, failFast?: boolean) {
  const seen: [number, NodeResult][] = [];
  const observe = (index: number, result: NodeResult) => void seen.push([index, result]);
  const counter = new QuorumTally({ count, needed, isYes, observe, failFast });
  let decided: (NodeResult | undefined)[] | undefined;
  void counter.done.then((results) => (decided = [...results]));
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const add = async (index: number, result: NodeResult) => {
    counter.add(result, index);
    await settle();
    return decided;
  };
  return { add, seen };
}

describe('QuorumTally', () => {
  it('decides at the quorum-th yes, whatever the order, leaving slots not in yet empty', async () => {
    const { add } = tally(5, 3);
    expect(await add(3, yes)).toBeUndefined();
    expect(await add(0, no)).toBeUndefined();
    expect(await add(4, yes)).toBeUndefined();
    expect(await add(1, yes)).toEqual([no, yes, undefined, yes, yes]);
  });

  it('fails fast once too few nodes are left to reach the quorum', async () => {
    const { add } = tally(5, 3);
    expect(await add(0, timeout)).toBeUndefined();
    expect(await add(1, excluded)).toBeUndefined();
    expect(await add(2, no)).toEqual([timeout, excluded, no, undefined, undefined]);
  });

  it('without failFast waits for a quorum of yes or for every node', async () => {
    const { add } = tally(3, 2, false);
    expect(await add(0, no)).toBeUndefined();
    expect(await add(1, no)).toBeUndefined();
    expect(await add(2, timeout)).toEqual([no, no, timeout]);
    const early = tally(3, 2, false);
    await early.add(0, yes);
    expect(await early.add(2, yes)).toEqual([yes, undefined, yes]);
  });

  it('observes late results without counting them or changing the decided slots', async () => {
    const { add, seen } = tally(3, 2);
    await add(0, yes);
    const decided = await add(1, yes);
    expect(decided).toEqual([yes, yes, undefined]);
    expect(await add(2, no)).toEqual(decided);
    expect(seen).toEqual([
      [0, yes],
      [1, yes],
      [2, no],
    ]);
  });

  it('decides a single node on its one result', async () => {
    expect(await tally(1, 1).add(0, yes)).toEqual([yes]);
    expect(await tally(1, 1).add(0, timeout)).toEqual([timeout]);
  });
});
