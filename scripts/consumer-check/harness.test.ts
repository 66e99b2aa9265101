// A downstream vitest test using the harness: the `redisNodes` fixture and startRedisNodes.
import { describe, expect } from 'vitest';
import { Locker } from '@redquorum/core';
import { Redlock } from '@redquorum/redlock';
import { LockHistory, startRedisNodes } from '@redquorum/testing';
import { redisTest as test } from '@redquorum/testing/vitest';

test('the fixture starts three nodes and Redlock locks over them', async ({ redisNodes }) => {
  expect(redisNodes.size).toBe(3);
  const history = new LockHistory();
  const redlock = new Redlock(await redisNodes.connect(), { ttlMs: 2_000 });
  const run = (name: string) =>
    redlock.using('job', (_signal, lock) => {
      history.track(lock, name)();
    });
  await Promise.all([run('a'), run('b'), run('c')]);
  expect(history.check()).toMatchObject({ holds: 3, overlaps: { count: 0 } });
});

describe('with one node', () => {
  // test.scoped: in vitest 3.2 to 4.x (4.1 adds test.override, which 3.x lacks).
  test.scoped({ redisNodeCount: 1 });

  test('the node count is overridden', async ({ redisNodes }) => {
    expect(redisNodes.size).toBe(1);
  });
});

test('startRedisNodes works inside a test', async () => {
  await using nodes = await startRedisNodes(1);
  const [client] = await nodes.connect();
  const lock = await new Locker(client!).acquire('job');
  expect(await client!.get('lock:job')).toBe(lock.token);
  await lock.release();
});
