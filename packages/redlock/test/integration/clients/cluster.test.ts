// The client matrix on Redis Cluster: every supported library's cluster client, as its users
// connect it. Scripts must reach the master of each key's slot and be loaded on every master
// (each starts with an empty script cache here), multi-key locks need one hash slot, and fences
// live beside their keys.
import { hashSlot } from '@redquorum/core/backend';
import { startRedisCluster, type RedisCluster } from '@redquorum/testing';
import type { RedisClientType } from 'redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LockAcquireError, Locker, noRetry } from '@redquorum/core';
import { Redlock } from '../../../src/index.js';
import { CLIENT_KINDS } from '../../helpers/client-kinds.js';

let cluster: RedisCluster;
let admin: RedisClientType[];

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3 });
  admin = await cluster.nodes.connect();
});
afterAll(async () => {
  await cluster?.[Symbol.asyncDispose]();
});
beforeEach(async () => {
  await Promise.all(admin.map((node) => node.scriptFlush()));
});

/** Resources whose keys (`lock:<name>`) fall on each master's slots, four per master. */
async function resourcesOnEveryMaster(): Promise<string[]> {
  const ranges = await Promise.all(
    admin.map(async (node) => {
      const id = await node.sendCommand<string>(['CLUSTER', 'MYID']);
      type Shard = [number, number, [string, number, string]];
      const shards = await node.sendCommand<Shard[]>(['CLUSTER', 'SLOTS']);
      return shards.filter((shard) => shard[2][2] === id).map(([from, to]) => [from, to]);
    }),
  );
  const found: string[][] = ranges.map(() => []);
  for (let index = 0; found.some((list) => list.length < 4); index++) {
    const slot = hashSlot(`lock:res-${index}`);
    const master = ranges.findIndex((owned) =>
      owned.some(([from, to]) => slot >= from! && slot <= to!),
    );
    if (master >= 0 && found[master]!.length < 4) found[master]!.push(`res-${index}`);
  }
  return found.flat();
}

describe.each(CLIENT_KINDS)('$name cluster', (kind) => {
  it('locks on every master at the first attempt, each script loaded where its key lives', async () => {
    const connected = await kind.connectCluster(cluster);
    try {
      const locker = new Locker(connected.client, { ttlMs: 5_000, fencing: true });
      const resources = await resourcesOnEveryMaster();
      for (const resource of resources) {
        const lock = await locker.tryAcquire(resource);
        expect(lock?.attempts, resource).toBe(1);
        expect(lock!.fence).toBeGreaterThan(0n);
        await lock!.release();
      }
      const again = await locker.acquire(resources[0]!);
      const fence = again.fence!;
      await again.release();
      const next = await locker.acquire(resources[0]!);
      expect(next.fence).toBe(fence + 1n);
      await next.release();
    } finally {
      await connected.close();
    }
  });

  it('a frozen master fails its own slots only: the others still lock at once', async () => {
    const connected = await kind.connectCluster(cluster);
    const resources = await resourcesOnEveryMaster(); // four on node 0, then 1, then 2
    try {
      const locker = new Locker(connected.client, { ttlMs: 5_000, nodeTimeoutMs: 100 });
      await (await locker.acquire(resources[4]!)).release(); // scripts loaded, slots known
      await cluster.nodes.at(0).pause();
      const frozen: unknown = await locker
        .acquire(resources[0]!, { retry: noRetry })
        .catch((error: unknown) => error);
      expect(frozen).toBeInstanceOf(LockAcquireError);
      // Well within the node timeout's probe period, were the cluster one node's health.
      for (const resource of resources.slice(4)) {
        const lock = await locker.tryAcquire(resource);
        expect(lock?.attempts, resource).toBe(1);
        await lock!.release();
      }
    } finally {
      await cluster.nodes.at(0).resume();
      await connected.close();
    }
  });

  it('multi-resource locks need one hash slot; a cluster is one node of a Redlock', async () => {
    const connected = await kind.connectCluster(cluster);
    try {
      const locker = new Locker(connected.client, { ttlMs: 5_000 });
      expect(() => locker.acquire(['a', 'b'])).toThrow(/hash tag/);
      const both = await locker.acquire(['{order}:1', '{order}:2']);
      expect(await locker.tryAcquire(['{order}:2', '{order}:3'])).toBeUndefined();
      await both.release();
      const redlock = new Redlock([connected.client], { ttlMs: 5_000, keyPrefix: 'quorum:' });
      const locks = await Promise.all(['x', 'y', 'z'].map((name) => redlock.acquire(name)));
      // The guard identifies the cluster by one master, always the same: identifications sent
      // to random masters made each run_id look like a restart, and excluded the cluster.
      expect(locks.map((lock) => lock.attempts)).toEqual([1, 1, 1]);
      await Promise.all(locks.map((lock) => lock.release()));
    } finally {
      await connected.close();
    }
  });
});

describe('an ioredis Cluster with a keyPrefix, used before it is ready', () => {
  // Not awaited: ioredis queues commands until it knows its slots, and users rely on it. Until
  // then nobody can say where a script load would go: calls go by EVAL (they failed with
  // NOSCRIPT when a load went to a random master).
  it('loads the scripts on the master of each prefixed key: every first attempt succeeds', async () => {
    const { Cluster } = await import('ioredis');
    const roots = cluster.nodes.urls.map((url) => {
      const { hostname, port } = new URL(url);
      return { host: hostname, port: Number(port) };
    });
    const client = new Cluster(roots, {
      natMap: (key: string) => cluster.nodeAddressMap(key) ?? null,
      keyPrefix: 'app:',
    });
    client.on('error', () => undefined);
    try {
      const locker = new Locker(client, { ttlMs: 5_000 });
      for (const resource of await resourcesOnEveryMaster()) {
        const lock = await locker.tryAcquire(resource);
        expect(lock?.attempts, resource).toBe(1);
        // ioredis put the prefix before the lock's key, as before every key it sends.
        expect(await client.get(`lock:${resource}`)).toBe(lock!.token);
        await lock!.release();
      }
    } finally {
      client.disconnect();
    }
  });
});
