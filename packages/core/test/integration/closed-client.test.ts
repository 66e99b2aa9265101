// Issue 14: a client never connected, or closed, failed only after the whole acquireTimeoutMs
// with a vague "too few nodes answered". It fails at once, saying what is wrong.
import { createClient } from 'redis';
import { expect, test } from 'vitest';
import { Locker } from '@redquorum/core';
import { startRedisNodes } from '@redquorum/testing';
import { connectOne, rejectionOf, uniqueName } from './helpers/support.js';

test('a client never connected fails at once, saying so', async () => {
  await using nodes = await startRedisNodes(1);
  const client = createClient({ url: nodes.urls[0] });
  const locker = new Locker(client, { acquireTimeoutMs: 10_000 });
  const start = performance.now();
  const error = await rejectionOf(locker.acquire(uniqueName('closed')));
  expect(performance.now() - start).toBeLessThan(1_000);
  expect((error as Error).message).toMatch(/closed or was never connected/);
});

test('a client closed after use fails at once too', async () => {
  await using nodes = await startRedisNodes(1);
  const client = await connectOne(nodes);
  const locker = new Locker(client, { acquireTimeoutMs: 10_000 });
  await (await locker.acquire(uniqueName('closed'))).release();
  await client.quit();
  const start = performance.now();
  const error = await rejectionOf(locker.acquire(uniqueName('closed')));
  expect(performance.now() - start).toBeLessThan(1_000);
  expect((error as Error).message).toMatch(/closed or was never connected/);
});
