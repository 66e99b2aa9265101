// Issue 13 item 5: `Locker.inspect()` like `Redlock.inspect()`: who holds a resource, without
// acquiring it, and without revealing the token.
import { expect, test } from 'vitest';
import { Locker, tokenDigest } from '@redquorum/core';
import { startRedisNodes } from '@redquorum/testing';
import { connectOne, uniqueName } from './helpers/support.js';

test('inspect() reports free, then the holder’s digest and ttl, then free again', async () => {
  await using nodes = await startRedisNodes(1);
  const locker = new Locker(await connectOne(nodes), { ttlMs: 10_000 });
  const resource = uniqueName('inspect');
  expect(await locker.inspect(resource)).toEqual([{ node: 0, state: 'free' }]);
  const lock = await locker.acquire(resource);
  const [held] = await locker.inspect(resource);
  expect(held).toMatchObject({ node: 0, state: 'held', holder: tokenDigest(lock.token) });
  expect(held!.ttlMs).toBeGreaterThan(9_000);
  expect(held!.holder).not.toContain(lock.token);
  await lock.release();
  expect(await locker.inspect(resource)).toEqual([{ node: 0, state: 'free' }]);
  expect(() => locker.inspect('')).toThrow(TypeError);
});
