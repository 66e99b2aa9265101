import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { LockAcquireError, Locker, noRetry } from '@redquorum/core';
import { startRedisNodes } from '@redquorum/testing';
import { connectOne, rejectionOf, uniqueName } from './helpers/support.js';

describe('scoped release', () => {
  test('await using releases on scope exit, even when the body throws', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const locker = new Locker(client, { retry: noRetry });
    const resource = uniqueName('await-using');
    const key = `lock:${resource}`;
    const boom = new Error('boom');
    let signal: AbortSignal | undefined;

    const body = async (): Promise<void> => {
      await using held = await locker.acquire(resource);
      signal = held.signal;
      expect(await client.get(key)).toBe(held.token);
      throw boom;
    };
    expect(await rejectionOf(body())).toBe(boom);
    expect(signal?.aborted).toBe(true);
    expect(await client.exists(key)).toBe(0);

    {
      await using held = await locker.acquire(resource);
      expect(held.held).toBe(true);
    }
    expect(await client.exists(key)).toBe(0);
  });

  test('using() returns the work result and releases; a throwing work releases too', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const locker = new Locker(client, { retry: noRetry });
    const resource = uniqueName('using');
    const key = `lock:${resource}`;

    const result = await locker.using(resource, async (signal, lock) => {
      expect(signal.aborted).toBe(false);
      expect(await client.get(key)).toBe(lock.token);
      return 42;
    });
    expect(result).toBe(42);
    expect(await client.exists(key)).toBe(0);

    const boom = new Error('boom');
    const failed = locker.using(resource, () => Promise.reject(boom));
    expect(await rejectionOf(failed)).toBe(boom);
    expect(await client.exists(key)).toBe(0);
  });

  test('autoExtend keeps a lock with ttl 300 alive for more than a second', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const locker = new Locker(client, { ttlMs: 300, retry: noRetry });
    const resource = uniqueName('auto-extend');
    const key = `lock:${resource}`;
    const lock = await locker.acquire(resource, { autoExtend: true });
    const start = performance.now();
    // Holding for a while is the point here: check the key all along, not only at the end.
    while (performance.now() - start < 1_200) {
      expect(await client.get(key)).toBe(lock.token);
      expect(lock.held).toBe(true);
      await sleep(50);
    }
    expect(lock.signal.aborted).toBe(false);
    await lock.release();
    expect(await client.exists(key)).toBe(0);
  });
});

describe('fencing and several resources', () => {
  test('fences strictly increase over successive acquisitions, across lockers', async () => {
    await using nodes = await startRedisNodes(1);
    const lockers = [
      new Locker(await connectOne(nodes), { fencing: true, retry: noRetry }),
      new Locker(await connectOne(nodes), { fencing: true, retry: noRetry }),
    ];
    const resource = uniqueName('fencing');
    const fences: bigint[] = [];
    for (let i = 0; i < 10; i++) {
      const lock = await lockers[i % 2]!.acquire(resource);
      expect(lock.fence).toBeTypeOf('bigint');
      fences.push(lock.fence!);
      await lock.release();
    }
    for (let i = 1; i < fences.length; i++) expect(fences[i]).toBeGreaterThan(fences[i - 1]!);
    const plain = new Locker(await connectOne(nodes), { retry: noRetry });
    await using unfenced = await plain.acquire(uniqueName('unfenced'));
    expect(unfenced.fence).toBeUndefined();
  });

  test('several resources are locked all or nothing', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const mine = new Locker(client, { retry: noRetry });
    const theirs = new Locker(await connectOne(nodes), { retry: noRetry });
    const [a, b] = [uniqueName('multi-a'), uniqueName('multi-b')];
    const other = await theirs.acquire(b);

    expect(await mine.tryAcquire([a, b])).toBeUndefined();
    const error = await rejectionOf(mine.acquire([a, b]));
    expect(error).toBeInstanceOf(LockAcquireError);
    expect(error).toMatchObject({ reason: 'taken', attempts: 1 });
    expect(await client.exists(`lock:${a}`)).toBe(0);
    expect(await client.get(`lock:${b}`)).toBe(other.token);

    await other.release();
    const lock = await mine.acquire([a, b]);
    expect(lock.resources).toEqual([a, b]);
    expect(await client.mGet([`lock:${a}`, `lock:${b}`])).toEqual([lock.token, lock.token]);
    await lock.release();
    expect(await client.exists([`lock:${a}`, `lock:${b}`])).toBe(0);
  });
});
