// Minority and majority partitions across 5 nodes, seen by Redlock through the fault proxies.
import { expect, test } from 'vitest';
import { fixedDelay, LockAcquireError, noRetry, Redlock } from '@redquorum/redlock';
import { startRedisNodes } from '@redquorum/testing';

const NODE_TIMEOUT_MS = 250;
const ACQUIRE_TIMEOUT_MS = 1_000;
// Two cores shared with other redis-servers and a benchmark: timers fire late.
const SCHEDULING_SLACK_MS = 1_000;

const OPTIONS = {
  ttlMs: 2_000,
  nodeTimeoutMs: NODE_TIMEOUT_MS,
  acquireTimeoutMs: ACQUIRE_TIMEOUT_MS,
  retry: fixedDelay(50),
  keyPrefix: 'partition:',
} as const;

async function failure(promise: Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const t0 = performance.now();
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return { error, elapsedMs: performance.now() - t0 };
}

test('a minority partitioned away: acquire succeeds on the other three', async () => {
  await using nodes = await startRedisNodes(5, { proxy: true });
  const redlock = new Redlock(await nodes.connect(), OPTIONS);
  // First contact identifies every node, and no lock is granted before that settles (two
  // clients of one server must not make a quorum): meet the nodes before the partition.
  await (await redlock.acquire('warm-up')).release();

  nodes.partition([1, 3]);
  const lock = await redlock.acquire('minority');
  expect(lock.validUntil).toBeGreaterThan(Date.now());
  const released = await lock.release();
  // Resolved on the three confirmations; the partitioned nodes' replies are still awaited.
  expect(released.nodes.map((node) => node.outcome)).toEqual([
    'ok',
    'pending',
    'ok',
    'pending',
    'ok',
  ]);
});

test('a majority partitioned away: LockAcquireError within its bound; heal restores', async () => {
  await using nodes = await startRedisNodes(5, { proxy: true });
  const redlock = new Redlock(await nodes.connect(), OPTIONS);
  await (await redlock.acquire('warm-up')).release();

  nodes.partition([0, 2, 4]);
  const once = await failure(redlock.acquire('majority', { retry: noRetry }));
  expect(once.error).toBeInstanceOf(LockAcquireError);
  expect((once.error as LockAcquireError).reason).toBe('unreachable');
  // One attempt: the votes' timeout, then the release of what it may have left.
  expect(once.elapsedMs).toBeLessThan(2 * NODE_TIMEOUT_MS + SCHEDULING_SLACK_MS);

  const retried = await failure(redlock.acquire('majority'));
  expect(retried.error).toBeInstanceOf(LockAcquireError);
  expect(['unreachable', 'timeout']).toContain((retried.error as LockAcquireError).reason);
  expect(retried.elapsedMs).toBeLessThan(
    ACQUIRE_TIMEOUT_MS + 3 * NODE_TIMEOUT_MS + SCHEDULING_SLACK_MS,
  );

  // The held attempts (and their releases) reach the nodes now, in order; the lock is free.
  nodes.heal();
  const lock = await redlock.acquire('majority', { acquireTimeoutMs: 10_000 });
  expect(lock.validUntil).toBeGreaterThan(Date.now());
  const released = await lock.release();
  // Resolved once a quorum confirmed; a node that had not answered yet is pending.
  const outcomes = released.nodes.map((node) => node.outcome);
  expect(outcomes.filter((outcome) => outcome === 'ok').length).toBeGreaterThanOrEqual(3);
  expect(outcomes.every((outcome) => outcome === 'ok' || outcome === 'pending')).toBe(true);
});
