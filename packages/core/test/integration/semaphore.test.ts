// Issue 16: the one-node semaphore, the same surface as a lock, and its limit under contention
// (PermitHistory counts the permits valid at each instant from the recorded slot holds).
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from 'vitest';
import { LockAcquireError, noRetry, Semaphore } from '@redquorum/core';
import { PermitHistory, startRedisNodes } from '@redquorum/testing';
import { connectOne, uniqueName } from './helpers/support.js';

test('Semaphore admits limit holders, refuses the next, and frees permits on release', async () => {
  await using nodes = await startRedisNodes(1);
  const semaphore = new Semaphore(await connectOne(nodes), { limit: 2, ttlMs: 5_000 });
  const resource = uniqueName('semaphore');
  const first = await semaphore.acquire(resource);
  const result = await semaphore.using(resource, async (signal, lock) => {
    expect(signal.aborted).toBe(false);
    expect(await semaphore.tryAcquire(resource)).toBeUndefined();
    await expect(semaphore.acquire(resource, { retry: noRetry })).rejects.toBeInstanceOf(
      LockAcquireError,
    );
    return lock.resources.length;
  });
  expect(result).toBe(1);
  const second = await semaphore.tryAcquire(resource);
  expect(second).toBeDefined();
  await first.release();
  await second?.release();
  const both = await semaphore.acquire(resource, { permits: 2 });
  expect(both.resources).toHaveLength(2);
  await both.release();
});

test('Semaphore never holds more than the limit while clients contend', async () => {
  await using nodes = await startRedisNodes(1);
  const LIMIT = 3;
  const resource = uniqueName('contended');
  const history = new PermitHistory({ limit: LIMIT });
  const until = performance.now() + 1_500;
  const worker = async (index: number): Promise<void> => {
    // Its own client, as another process would have.
    const semaphore = new Semaphore(await connectOne(nodes), { limit: LIMIT, ttlMs: 2_000 });
    while (performance.now() < until) {
      const lock = await semaphore
        .acquire(resource, { permits: 1 + (index % 2), acquireTimeoutMs: 1_000 })
        .catch((error: unknown) => {
          // Waiting a long while for permits is fairness, another test's concern.
          if (error instanceof LockAcquireError) return undefined;
          throw error;
        });
      if (lock === undefined) continue;
      const done = history.track(lock, `worker-${index}`);
      await sleep(2 + (index % 3));
      await lock.release();
      done();
    }
  };
  await Promise.all(Array.from({ length: 6 }, (_, index) => worker(index)));
  const report = history.check();
  expect(report.holds).toBeGreaterThan(50);
  expect(report.overAdmissions.examples).toEqual([]);
  // Reached, and never passed.
  expect(report.peaks).toEqual([{ semaphore: resource, peak: LIMIT, limit: LIMIT }]);
});
