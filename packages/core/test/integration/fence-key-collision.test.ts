// Found by the lock-program property (seed 61539691): the fence counter of 'x}' was the lock
// key of 'x}:fence'. A fenced lock on both failed with a script error; a counter written over
// a held lock's key took that lock (and, with no ttl, the resource) away for good.
import { expect, test } from 'vitest';
import { Locker } from '@redquorum/core';
import { startRedisNodes } from '@redquorum/testing';
import { connectOne, uniqueName } from './helpers/support.js';

test('a fenced lock on x} and x}:fence holds both, and each resource keeps its own counter', async () => {
  await using nodes = await startRedisNodes(1);
  const client = await connectOne(nodes);
  const locker = new Locker(client, { keyPrefix: `${uniqueName('fence-id')}:`, fencing: true });
  const both = await locker.acquire(['x}', 'x}:fence']);
  expect(both.fence).toBe(1n);
  await both.release();

  const suffixed = await locker.acquire('x}:fence');
  const plain = await locker.acquire('x}');
  // The counter of 'x}' did not overwrite the key of the lock on 'x}:fence'.
  await suffixed.extend();
  expect(suffixed.held).toBe(true);
  await plain.release();
  await suffixed.release();
  expect(await locker.tryAcquire('x}:fence')).toBeDefined();
});
