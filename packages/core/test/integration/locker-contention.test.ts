import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from 'vitest';
import type { RedisClientType } from 'redis';
import { exponentialBackoff, Locker } from '@redquorum/core';
import { startRedisNodes } from '@redquorum/testing';
import { connectOne, uniqueName } from './helpers/support.js';

const CYCLES = 1_000;
const WORKERS_PER_LOCKER = 2;

/** One hold as its holder saw it: [acquiredAt, releasedAt) on the shared monotonic clock. */
interface Hold {
  readonly locker: number;
  readonly acquiredAt: number;
  readonly releasedAt: number;
}

test('two lockers on separate connections never hold one resource at once', async () => {
  await using nodes = await startRedisNodes(1);
  const clients = [await connectOne(nodes), await connectOne(nodes)];
  const lockers = clients.map(
    (client) =>
      new Locker(client, {
        ttlMs: 10_000,
        acquireTimeoutMs: 15_000,
        retry: exponentialBackoff({ initialMs: 1, maxMs: 8 }),
      }),
  );
  const resource = uniqueName('contention');
  const counterKey = uniqueName('contention-counter');
  const holds: Hold[] = [];
  let claimed = 0;
  let inside = 0;
  let maxInside = 0;

  // A non-atomic read-modify-write: an overlap would lose an increment.
  const unsafeIncrement = async (client: RedisClientType): Promise<void> => {
    const value = Number((await client.get(counterKey)) ?? '0');
    await client.set(counterKey, String(value + 1));
  };

  const worker = async (index: number): Promise<void> => {
    const locker = lockers[index]!;
    const client = clients[index]!;
    while (claimed < CYCLES) {
      claimed++;
      const lock = await locker.acquire(resource);
      const acquiredAt = performance.now();
      inside++;
      maxInside = Math.max(maxInside, inside);
      await unsafeIncrement(client);
      inside--;
      const releasedAt = performance.now();
      holds.push({ locker: index, acquiredAt, releasedAt });
      await lock.release();
      // Work outside the lock, so that the other locker gets its turns.
      await sleep(0);
    }
  };

  const start = performance.now();
  await Promise.all(
    lockers.flatMap((_, index) => Array.from({ length: WORKERS_PER_LOCKER }, () => worker(index))),
  );
  const elapsed = performance.now() - start;

  expect(holds).toHaveLength(CYCLES);
  expect(maxInside).toBe(1);
  expect(await clients[0]!.get(counterKey)).toBe(String(CYCLES));
  const sorted = [...holds].sort((a, b) => a.acquiredAt - b.acquiredAt);
  const overlaps = sorted.filter((hold, i) => i > 0 && hold.acquiredAt < sorted[i - 1]!.releasedAt);
  expect(overlaps).toEqual([]);
  // Both lockers really contended (the pause between cycles gives each its turns).
  for (const index of [0, 1]) {
    expect(holds.filter((hold) => hold.locker === index).length).toBeGreaterThan(50);
  }
  expect(await clients[0]!.exists(`lock:${resource}`)).toBe(0);
  expect(elapsed).toBeLessThan(30_000);
});
