// Seed defect 9: its only test asserted a mocked Eval call, and nothing ran against a real
// Redis. Here what each operation leaves on a real server is read back with a second client.
import { describe, expect, test } from 'vitest';
import { Locker, noRetry } from '@redquorum/core';
import { startRedisNodes } from '@redquorum/testing';
import { connectOne, uniqueName } from './helpers/support.js';

describe('seed defect 9: a lock read back from a real Redis', () => {
  test('acquire sets the token with the ttl, extend renews it, release deletes it', async () => {
    await using nodes = await startRedisNodes(1);
    const locker = new Locker(await connectOne(nodes), { ttlMs: 5_000, retry: noRetry });
    const observer = await connectOne(nodes);
    const resource = uniqueName('seed-9');
    const key = `lock:${resource}`;

    const lock = await locker.acquire(resource);
    expect(await observer.get(key)).toBe(lock.token);
    const ttl = await observer.pTTL(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5_000);

    await lock.extend(60_000);
    expect(await observer.pTTL(key)).toBeGreaterThan(5_000);
    expect(await observer.get(key)).toBe(lock.token);

    await lock.release();
    expect(await observer.exists(key)).toBe(0);
  });
});
