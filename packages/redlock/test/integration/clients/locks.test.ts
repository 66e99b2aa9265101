// The client matrix, locks on healthy nodes: every supported library, as its users connect it,
// through the same tests. Contention with fencing, checked by LockHistory; multi-resource
// locks; batching (64 locks at once reach each node as a few calls); a closed client.
import { LockHistory, startRedisNodes, type RedisNodes } from '@redquorum/testing';
import type { RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedDelay, Redlock, type Lock } from '../../../src/index.js';
import { CLIENT_KINDS, closeAll, connectAll, type ClientKind } from '../../helpers/client-kinds.js';

let nodes: RedisNodes;
let admin: RedisClientType[];

beforeAll(async () => {
  nodes = await startRedisNodes(3);
  admin = await nodes.connect();
});
afterAll(async () => {
  await nodes?.[Symbol.asyncDispose]();
});

/** EVALSHA and EVAL calls node `index` has run so far. */
async function scriptCalls(index: number): Promise<number> {
  const stats = await admin[index]!.info('commandstats');
  let calls = 0;
  for (const match of stats.matchAll(/cmdstat_(?:evalsha|eval):calls=(\d+)/g)) {
    calls += Number(match[1]);
  }
  return calls;
}

const prefixOf = (kind: ClientKind) => `${kind.name.replace(/\W+/g, '-')}:`;

/**
 * `workers` loops of `cycles` acquire-hold-release, each lock tracked, checked by LockHistory:
 * every hold recorded, none overlapping, fences only growing.
 */
async function contend(
  workers: number,
  cycles: number,
  acquire: (worker: number, cycle: number) => Promise<Lock>,
): Promise<void> {
  const history = new LockHistory();
  const worker = async (id: number) => {
    for (let cycle = 0; cycle < cycles; cycle++) {
      const lock = await acquire(id, cycle);
      const done = history.track(lock, `w${id}`);
      await new Promise((resolve) => setImmediate(resolve));
      await lock.release();
      done();
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, id) => worker(id)));
  const report = history.check();
  expect(report.holds).toBe(workers * cycles);
  expect(report.overlaps.examples).toEqual([]);
  expect(report.fenceRegressions.examples).toEqual([]);
}

describe.each(CLIENT_KINDS)('$name', (kind) => {
  it('contending workers never overlap, and fences only grow', async () => {
    const connected = await connectAll(kind, nodes.urls);
    try {
      const redlock = new Redlock(
        connected.map((one) => one.client),
        { ttlMs: 5_000, fencing: true, keyPrefix: prefixOf(kind), retry: fixedDelay(5) },
      );
      await contend(8, 15, (id, cycle) => redlock.acquire(`r${(id + cycle) % 3}`));
    } finally {
      await closeAll(connected);
    }
  });

  it('multi-resource locks are all or nothing; 64 locks at once go out batched', async () => {
    const connected = await connectAll(kind, nodes.urls);
    try {
      const redlock = new Redlock(
        connected.map((one) => one.client),
        { ttlMs: 5_000, keyPrefix: prefixOf(kind) },
      );
      const both = await redlock.acquire(['a', 'b']);
      expect(await redlock.tryAcquire(['b', 'c'])).toBeUndefined();
      const c = await redlock.acquire('c'); // 'b, c' took nothing: c is free
      await Promise.all([both.release(), c.release()]);

      await (await redlock.acquire('warm-up')).release(); // scripts loaded, nodes identified
      const before = await scriptCalls(0);
      const locks = await Promise.all(
        Array.from({ length: 64 }, (_, index) => redlock.acquire(`batch:${index}`)),
      );
      const calls = (await scriptCalls(0)) - before;
      expect(locks.every((lock) => lock.held)).toBe(true);
      // One call per lock would be 64 (plus identifications); batching makes it a few.
      expect(calls).toBeLessThan(32);
      await Promise.all(locks.map((lock) => lock.release()));
    } finally {
      await closeAll(connected);
    }
  });

  it('a closed client fails at once as the caller’s error, not a node’s', async () => {
    const connected = await connectAll(kind, nodes.urls);
    const redlock = new Redlock(
      connected.map((one) => one.client),
      { keyPrefix: prefixOf(kind), acquireTimeoutMs: 10_000, retry: fixedDelay(50) },
    );
    await closeAll(connected);
    const started = performance.now();
    await expect(redlock.acquire('closed')).rejects.toThrow(/closed or was never connected/);
    expect(performance.now() - started).toBeLessThan(5_000); // not retried until the timeout
  });
});

describe('mixed libraries in one Redlock', () => {
  it('node-redis v4, ioredis 5 and node-redis v6 RESP3, one per node: exclusive, fences grow', async () => {
    const named = (name: string) => CLIENT_KINDS.find((kind) => kind.name === name)!;
    const kinds = ['node-redis v4', 'ioredis 5', 'node-redis v6 (RESP3)'].map(named);
    const connected = await Promise.all(
      kinds.map((kind, index) => kind.connect(nodes.urls[index]!)),
    );
    try {
      const clients = connected.map((one) => one.client);
      const managers = [0, 1].map(
        () => new Redlock(clients, { ttlMs: 5_000, fencing: true, keyPrefix: 'mixed:' }),
      );
      await contend(6, 20, (id) => managers[id % 2]!.acquire('shared', { retry: fixedDelay(3) }));
    } finally {
      await closeAll(connected);
    }
  });
});
