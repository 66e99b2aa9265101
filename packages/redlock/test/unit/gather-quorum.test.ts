import { describe, expect, it } from 'vitest';
import { gatherQuorum, type NodeResult } from '../../src/index.js';
import { deferred, type Deferred } from '../helpers/deferred.js';

const yes: NodeResult = { kind: 'value', value: 1 };
const no: NodeResult = { kind: 'value', value: 0 };
const timeout: NodeResult = { kind: 'timeout' };
const failed: NodeResult = { kind: 'error', error: new Error('ECONNRESET') };
const excluded: NodeResult = { kind: 'excluded', cause: 'restarted within the max ttl' };
const isYes = (result: NodeResult): boolean => result.kind === 'value' && result.value > 0;

/** `count` hand-settled calls, and the gathering over them with `needed` yes votes. */
function gather(count: number, needed: number) {
  const calls: Deferred<NodeResult>[] = Array.from({ length: count }, () => deferred());
  let settled: (NodeResult | undefined)[] | undefined;
  void gatherQuorum(
    calls.map((call) => call.promise),
    { needed, isYes },
  ).then((results) => (settled = results));
  /** Settles call `index` with `result` and lets the microtasks run. */
  const answer = async (index: number, result: NodeResult) => {
    calls[index]!.resolve(result);
    await new Promise<void>((resolve) => setImmediate(resolve));
    return settled;
  };
  return { answer, results: () => settled };
}

describe('gatherQuorum', () => {
  it('resolves as soon as a quorum said yes; slots of nodes yet to answer stay undefined', async () => {
    const { answer, results } = gather(5, 3);
    expect(await answer(4, yes)).toBeUndefined();
    expect(await answer(0, no)).toBeUndefined();
    expect(await answer(2, yes)).toBeUndefined();
    expect(await answer(1, yes)).toEqual([no, yes, yes, undefined, yes]);
    // A late answer changes nothing the caller already has.
    await answer(3, yes);
    expect(results()).toEqual([no, yes, yes, undefined, yes]);
  });

  it('fails early once too few nodes are left to reach the quorum', async () => {
    const { answer } = gather(5, 3);
    expect(await answer(0, timeout)).toBeUndefined();
    expect(await answer(3, failed)).toBeUndefined();
    expect(await answer(1, yes)).toBeUndefined();
    // Three nodes that cannot say yes: two left, three needed.
    expect(await answer(4, excluded)).toEqual([timeout, yes, undefined, failed, excluded]);
  });

  it('counts taken, timeout, error and excluded alike as "no"', async () => {
    const { answer } = gather(3, 2);
    expect(await answer(0, no)).toBeUndefined();
    expect(await answer(1, excluded)).toEqual([no, excluded, undefined]);
  });

  it('waits for every node when the decision needs them all', async () => {
    const { answer } = gather(3, 2);
    expect(await answer(0, yes)).toBeUndefined();
    expect(await answer(2, no)).toBeUndefined();
    expect(await answer(1, yes)).toEqual([yes, yes, no]);
  });

  it('leaves empty the slot of a reply that came after the decision', async () => {
    const results = await gatherQuorum(
      [yes, yes, yes].map((r) => Promise.resolve(r)),
      { needed: 2, isYes },
    );
    // The third reply arrives after the decision: its slot is left empty.
    expect(results).toEqual([yes, yes, undefined]);
  });

  it('resolves for a single node both ways', async () => {
    await expect(gatherQuorum([Promise.resolve(yes)], { needed: 1, isYes })).resolves.toEqual([
      yes,
    ]);
    await expect(gatherQuorum([Promise.resolve(timeout)], { needed: 1, isYes })).resolves.toEqual([
      timeout,
    ]);
  });

  it('shows a single node its result, as it does every node', async () => {
    const seen: [number, NodeResult][] = [];
    const observe = (index: number, result: NodeResult) => void seen.push([index, result]);
    await gatherQuorum([Promise.resolve(failed)], { needed: 1, isYes, observe });
    expect(seen).toEqual([[0, failed]]);
  });
});
