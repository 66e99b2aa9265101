// Issue 16: the one-node semaphore, the same surface as a lock.
import { expect, test } from 'vitest';
import { LockAcquireError, noRetry, Semaphore } from '@redquorum/core';
import { startRedisNodes } from '@redquorum/testing';
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
