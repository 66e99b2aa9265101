// The checker has teeth: a schedule built to provoke Redlock's known hazard (no persistence,
// restart guard off, a node of the holder's majority restarted empty) must produce a violation,
// and LockHistory must report it. Random chaos may or may not hit this; this schedule always
// does.
import { expect, test } from 'vitest';
import { fixedDelay, Redlock, type Lock, type RedlockOptions } from '@redquorum/redlock';
import { LockHistory, startRedisNodes } from '@redquorum/testing';

const OPTIONS: RedlockOptions = {
  ttlMs: 30_000,
  nodeTimeoutMs: 500,
  // A few attempts, so that a slow reply on this busy machine does not fail the schedule.
  retry: fixedDelay(20, { maxAttempts: 5 }),
  fencing: true,
  restartGuard: 'off',
  keyPrefix: 'hazard:',
};

/** Records a lock that is never released: held until its validity ends. */
function recordHold(history: LockHistory, holder: string, lock: Lock): void {
  history.record({
    resource: 'R',
    holder,
    acquiredAt: Date.now(),
    validUntil: lock.validUntil,
    releasedAt: undefined,
    fence: lock.fence,
  });
}

test('persistence off, guard off, a majority node restarted empty: two holders, reported', async () => {
  // The proxy is here only to lose A's messages to nodes 3 and 4. Pausing them instead would
  // not do: a paused node runs the commands waiting in its socket when it resumes, and A's
  // late acquire would then hold R on 3 and 4 as well.
  await using nodes = await startRedisNodes(5, { persistence: 'none', proxy: true });
  const history = new LockHistory();

  const a = new Redlock(await nodes.connect(), OPTIONS);
  nodes.partition([3, 4]);
  const lockA = await a.acquire('R');
  recordHold(history, 'A', lockA);
  // A's held commands to 3 and 4 are dropped with the connections: A holds R on {0, 1, 2}.
  nodes.at(3).reset();
  nodes.at(4).reset();
  nodes.heal();

  // Node 0 crashes and comes back empty; nodes 1 and 2 stall. B meets {0, 3, 4}: all free.
  await nodes.at(0).kill();
  await nodes.at(0).restart({ keepData: false });
  const b = new Redlock(await nodes.connect(), OPTIONS);
  await nodes.at(1).pause();
  await nodes.at(2).pause();
  const lockB = await b.acquire('R');
  recordHold(history, 'B', lockB);

  expect(lockA.validUntil).toBeGreaterThan(Date.now());
  const report = history.check();
  expect(report.holds).toBe(2);
  expect(report.overlaps.count).toBe(1);
  expect(report.overlaps.examples[0]).toMatchObject({
    first: { holder: 'A', fence: lockA.fence },
    second: { holder: 'B', fence: lockB.fence },
  });
  // Node 0 also forgot its fence counter: B's fence does not exceed A's.
  expect(lockB.fence).toBe(lockA.fence);
  expect(report.fenceRegressions.count).toBe(1);
  expect(report.fenceRegressions.examples[0]).toMatchObject({
    earlier: { holder: 'A' },
    later: { holder: 'B' },
  });
});
