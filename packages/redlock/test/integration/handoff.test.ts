// Local handoff on real nodes: many acquirers of one resource in one process pass the lock
// down their queue without Redis commands, while another Redlock (another process, as far as
// the nodes can tell) contends for the same resource; nobody ever holds it at the same time.
import { setTimeout as sleep } from 'node:timers/promises';
import { LockHistory, startRedisNodes, waitFor } from '@redquorum/testing';
import type { RedisClientType } from 'redis';
import { describe, expect, it } from 'vitest';
import { Redlock } from '../../src/index.js';

const RUN_MS = 2_000;

async function scriptCalls(clients: readonly RedisClientType[]): Promise<number> {
  let total = 0;
  for (const client of clients) {
    const stats = await client.info('commandstats');
    for (const name of ['evalsha', 'eval']) {
      total += Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
    }
  }
  return total;
}

/** `count` loops, each acquiring `resource`, holding it ~1 ms, releasing, until `endAt`. */
function loops(
  redlock: Redlock,
  name: string,
  count: number,
  resource: string,
  history: LockHistory,
  endAt: number,
): Promise<number[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      let acquired = 0;
      while (performance.now() < endAt) {
        const lock = await redlock.acquire(resource).catch(() => undefined);
        if (lock === undefined) continue;
        acquired++;
        history.track(lock, `${name}${i}`);
        await sleep(1);
        await lock.release();
      }
      return acquired;
    }),
  );
}

describe('handoff between local acquirers', () => {
  it('keeps mutual exclusion against another Redlock, with few Redis commands', async () => {
    await using nodes = await startRedisNodes(3);
    const admin = await nodes.connect();
    const options = { ttlMs: 1_000, acquireTimeoutMs: 30_000, keyPrefix: 'handoff:' };
    const busy = new Redlock(await nodes.connect(), options);
    const other = new Redlock(await nodes.connect(), options);
    await Promise.all(admin.map((client) => client.configResetStat()));

    const history = new LockHistory();
    const endAt = performance.now() + RUN_MS;
    const [mine, theirs] = await Promise.all([
      loops(busy, 'busy', 50, 'r', history, endAt),
      loops(other, 'other', 5, 'r', history, endAt),
    ]);

    const report = history.check();
    expect(report.holds).toBeGreaterThan(200);
    expect(report.overlaps.examples).toEqual([]);
    const acquisitions = [...mine, ...theirs].reduce((a, b) => a + b, 0);
    expect(acquisitions).toBe(report.holds);
    // Without handoff every acquisition costs at least an acquire and a release on each node.
    const calls = await scriptCalls(admin);
    expect(calls).toBeLessThan((2 * 3 * acquisitions) / 4);
  });

  it('a handed-over lock is the same key in Redis, released once by the last holder', async () => {
    await using nodes = await startRedisNodes(3);
    const admin = await nodes.connect();
    const redlock = new Redlock(await nodes.connect(), { ttlMs: 10_000, keyPrefix: 'h2:' });
    const first = await redlock.acquire('r');
    const second = redlock.acquire('r');
    const outcome = await first.release();
    expect(outcome).toEqual({ nodes: [], handedOver: true });
    const next = await second;
    expect(next.token).toBe(first.token);
    for (const client of admin) expect(await client.get('h2:r')).toBe(first.token);
    const last = await next.release();
    const outcomes = last.nodes.map((node) => node.outcome);
    expect(outcomes.filter((outcome) => outcome === 'ok').length).toBeGreaterThanOrEqual(2);
    await waitFor(
      async () =>
        (await Promise.all(admin.map((client) => client.exists('h2:r')))).join() === '0,0,0',
      5_000,
      'the key deleted on every node',
    );
  });
});
