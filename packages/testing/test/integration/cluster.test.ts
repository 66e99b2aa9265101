import { describe, expect, it } from 'vitest';
import { Locker } from '@redquorum/core';
import { startRedisCluster } from '../../src/index.js';
import {
  masterFailover,
  partitionOneMaster,
  restartWithoutData,
} from '../helpers/cluster-scenarios.js';

describe('startRedisCluster', () => {
  it('forms a 3-master cluster with replicas that locks across slots', async () => {
    await using cluster = await startRedisCluster({ masters: 3, replicas: 1 });
    expect(cluster.nodes.size).toBe(6);
    const client = await cluster.connect();
    const info = await client.sendCommand<string>(undefined, true, ['CLUSTER', 'INFO']);
    expect(info).toContain('cluster_state:ok');
    expect(info).toContain('cluster_size:3');

    const locker = new Locker(client, { ttlMs: 5_000, fencing: true });
    // Keys spread over every master: routing must follow each key's slot.
    for (const resource of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) {
      const lock = await locker.acquire(resource);
      expect(lock.fence).toBe(1n);
      await lock.release();
    }
    const both = await locker.acquire(['{order}:1', '{order}:2']);
    expect(await client.get('lock:{order}:2')).toBe(both.token);
    await both.release();
  });

  it('rejects multi-resource locks across hash slots, naming hash tags', async () => {
    await using cluster = await startRedisCluster({ masters: 3 });
    const locker = new Locker(await cluster.connect());
    expect(() => locker.acquire(['a', 'b'])).toThrow(/hash tag/);
  });

  it('rejects bad counts before starting anything', async () => {
    await expect(startRedisCluster({ masters: 0 })).rejects.toThrow(RangeError);
    await expect(startRedisCluster({ replicas: -1 })).rejects.toThrow(/replicas/);
  });
});

describe('startRedisCluster faults', () => {
  it('a master dies: its replica takes over with the lock, the old master rejoins as a replica', async () => {
    await using cluster = await startRedisCluster({ masters: 3, replicas: 1 });
    await masterFailover(cluster);
  });

  it('a node restarted without its data is a new node that knows no cluster', async () => {
    await using cluster = await startRedisCluster({ masters: 1, replicas: 1 });
    await restartWithoutData(cluster.nodes.at(1));
  });

  it('with proxy: true, partitioning a master cuts clients off its slots only', async () => {
    await using cluster = await startRedisCluster({ masters: 3, proxy: true });
    expect(cluster.nodes.at(0).url).not.toBe(cluster.nodes.at(0).serverUrl);
    await partitionOneMaster(cluster);
  });
});
