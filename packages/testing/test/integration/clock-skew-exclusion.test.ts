// What clock skew does to mutual exclusion. Redlock subtracts ttl × driftFactor from validity
// to cover nodes whose clocks run fast; a majority running faster than that expires a holder's
// keys while the holder still believes it holds the lock, and a second holder gets it.
import { expect, test } from 'vitest';
import { fixedDelay, Redlock, type RedlockOptions } from '@redquorum/redlock';
import { LockHistory, startRedisNodes, type HistoryReport } from '@redquorum/testing';

const OPTIONS: RedlockOptions = {
  ttlMs: 1_000,
  driftFactor: 0.01,
  nodeTimeoutMs: 100,
  retry: fixedDelay(5),
  acquireTimeoutMs: 5_000,
  // Each holder acquires again while its previous lock is still valid (nothing is released);
  // without coalescing that acquisition goes to the nodes instead of queueing behind it.
  coalesce: false,
  keyPrefix: 'skew:',
};
const ROUNDS = 4;

/**
 * Two holders, A and B, take turns acquiring one resource and never release it: each waits
 * for the other's keys to expire on a majority. Nodes 0-2 (a majority) run at `clockRate`.
 */
async function alternate(clockRate: number): Promise<HistoryReport> {
  const fast = { clockRate };
  await using nodes = await startRedisNodes(5, { perNode: [fast, fast, fast] });
  const holders = [
    { name: 'A', redlock: new Redlock(await nodes.connect(), OPTIONS) },
    { name: 'B', redlock: new Redlock(await nodes.connect(), OPTIONS) },
  ];
  const history = new LockHistory();
  for (let round = 0; round < ROUNDS; round++) {
    const { name, redlock } = holders[round % 2]!;
    const lock = await redlock.acquire('r');
    history.record({
      resource: 'r',
      holder: name,
      acquiredAt: Date.now(),
      validUntil: lock.validUntil,
      releasedAt: undefined,
      fence: lock.fence,
    });
  }
  return history.check();
}

test('a majority of nodes at 3× speed (driftFactor 0.01): the checker reports overlaps', async () => {
  const report = await alternate(3);

  expect(report.holds).toBe(ROUNDS);
  // Keys live ~333 real ms on the fast nodes; each holder computed ~988 ms of validity.
  expect(report.overlaps.count).toBeGreaterThan(0);
  // A holder's own earlier lock counts too: it still believes it holds that one.
  for (const { first, second } of report.overlaps.examples) {
    expect(second.acquiredAt).toBeLessThan(first.validUntil);
  }
});

test('a majority of nodes 0.5% fast, within driftFactor 0.01: no overlap', async () => {
  const report = await alternate(1.005);

  expect(report.holds).toBe(ROUNDS);
  // Keys live ttl / 1.005 ≈ 995 real ms from when they were set, which is after the holder's
  // validity (ttl − elapsed − 1% − 2 ms ≈ 988 ms from when it sent them) has ended.
  expect(report.overlaps.examples).toEqual([]);
});
