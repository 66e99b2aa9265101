import { describe, expect, test } from 'vitest';
import { LockLostError, LockNotHeldError, Locker, noRetry } from '@redquorum/core';
import { startRedisNodes } from '@redquorum/testing';
import { connectOne, rejectionOf, uniqueName, waitFor } from './helpers/support.js';

describe('expiry', () => {
  test('the key expires after its ttl and lock.signal aborts with LockLostError "expired"', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const locker = new Locker(client, { ttlMs: 200, retry: noRetry });
    const resource = uniqueName('expiry');
    const lock = await locker.acquire(resource);
    expect(await client.get(`lock:${resource}`)).toBe(lock.token);
    expect(lock.validUntil).toBeLessThanOrEqual(Date.now() + 200);

    await waitFor(() => lock.signal.aborted, 5_000, 'signal aborted');
    expect(lock.held).toBe(false);
    expect(lock.signal.reason).toBeInstanceOf(LockLostError);
    expect(lock.signal.reason).toMatchObject({ reason: 'expired', resources: [resource] });
    await waitFor(
      async () => (await client.exists(`lock:${resource}`)) === 0,
      5_000,
      'key expired',
    );

    expect(await rejectionOf(lock.extend())).toBeInstanceOf(LockNotHeldError);
    expect(await rejectionOf(lock.release())).toBeInstanceOf(LockNotHeldError);
  });

  test('after expiry another holder takes over; the first cannot release its key', async () => {
    await using nodes = await startRedisNodes(1);
    const first = new Locker(await connectOne(nodes), { ttlMs: 200, retry: noRetry });
    const client = await connectOne(nodes);
    const second = new Locker(client, { retry: noRetry });
    const resource = uniqueName('takeover');
    const key = `lock:${resource}`;
    const old = await first.acquire(resource);
    expect(await second.tryAcquire(resource)).toBeUndefined();

    await waitFor(async () => (await client.exists(key)) === 0, 5_000, 'key expired');
    const current = await second.acquire(resource);
    expect(current.token).not.toBe(old.token);

    expect(await rejectionOf(old.extend())).toBeInstanceOf(LockNotHeldError);
    expect(await rejectionOf(old.release())).toBeInstanceOf(LockNotHeldError);
    expect(await client.get(key)).toBe(current.token);
    await current.release();
    expect(await client.exists(key)).toBe(0);
  });
});

describe('token checks through the Locker', () => {
  test('a key now holding another token is neither extended nor deleted', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const locker = new Locker(client, { retry: noRetry });
    const resource = uniqueName('intruder');
    const key = `lock:${resource}`;
    const lock = await locker.acquire(resource);
    // As if the key had expired unnoticed and another holder had taken it.
    await client.set(key, 'intruder', { PX: 5_000 });

    const error = await rejectionOf(lock.extend(60_000));
    expect(error).toBeInstanceOf(LockNotHeldError);
    expect(lock.signal.reason).toMatchObject({ name: 'LockLostError', reason: 'extend-failed' });
    expect(await client.pTTL(key)).toBeLessThanOrEqual(5_000);

    expect(await rejectionOf(lock.release())).toBeInstanceOf(LockNotHeldError);
    expect(await client.get(key)).toBe('intruder');
  });

  test('extend renews the ttl on the same handle', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const locker = new Locker(client, { ttlMs: 1_000, retry: noRetry });
    const resource = uniqueName('extend');
    const lock = await locker.acquire(resource);
    const before = lock.validUntil;
    expect(await lock.extend(60_000)).toBe(lock);
    expect(lock.validUntil).toBeGreaterThan(before);
    expect(await client.pTTL(`lock:${resource}`)).toBeGreaterThan(1_000);
    await lock.release();
  });

  test('a second release rejects with LockNotHeldError', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const locker = new Locker(client, { retry: noRetry });
    const resource = uniqueName('double-release');
    const lock = await locker.acquire(resource);
    const outcome = await lock.release();
    expect(outcome.nodes).toEqual([{ node: 0, outcome: 'ok' }]);
    expect(lock.signal.aborted).toBe(true);
    expect(lock.signal.reason).toMatchObject({ name: 'AbortError' });
    expect(await client.exists(`lock:${resource}`)).toBe(0);

    const again = await rejectionOf(lock.release());
    expect(again).toBeInstanceOf(LockNotHeldError);
    expect(again).toMatchObject({ code: 'ERR_LOCK_NOT_HELD' });
    expect(await rejectionOf(lock.extend())).toBeInstanceOf(LockNotHeldError);
  });
});
