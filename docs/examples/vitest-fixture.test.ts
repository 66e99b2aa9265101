// The vitest fixture: every test that asks for `redisNodes` gets its own running nodes,
// disposed of after the test whatever happens. Run by vitest, not node.
import { describe, expect } from 'vitest';
import { Redlock } from '@redquorum/redlock';
import { LockHistory } from '@redquorum/testing';
import { redisTest as test } from '@redquorum/testing/vitest';

// #region fixture
test('a job never runs twice at once', async ({ redisNodes }) => {
  const clients = await redisNodes.connect(); // 3 nodes by default
  const history = new LockHistory();
  const redlock = new Redlock(clients, { ttlMs: 2_000 });
  const run = (name: string) =>
    redlock.using('job', (_signal, lock) => {
      const done = history.track(lock, name);
      done();
    });
  await Promise.all([run('a'), run('b'), run('c')]);
  expect(history.check()).toMatchObject({ holds: 3, overlaps: { count: 0 } });
});

describe('with five nodes behind fault proxies', () => {
  test.override({ redisNodeCount: 5, redisNodeOptions: { proxy: true } });

  test('a minority partitioned away does not matter', async ({ redisNodes }) => {
    const redlock = new Redlock(await redisNodes.connect(), { ttlMs: 2_000 });
    redisNodes.partition([0, 1]);
    const lock = await redlock.acquire('job');
    expect(lock.validUntil).toBeGreaterThan(Date.now());
    await lock.release();
  });
});
// #endregion fixture
