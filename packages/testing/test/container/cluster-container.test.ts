// Runs against a real Docker engine (scripts/container-e2e.sh). The scenarios are those the
// process backend runs in test/integration/cluster.test.ts, from the same helpers.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { GenericContainer, getContainerRuntimeClient } from 'testcontainers';
import { Locker, noRetry } from '@redquorum/core';
import { RedisContainer, startRedisCluster } from '@redquorum/testing';
import {
  clusterOk,
  locksAcrossSlots,
  masterFailover,
  onNode,
  partitionOneMaster,
  resourcesOn,
  restartWithoutData,
} from '../helpers/cluster-scenarios.js';
import { waitFor } from '../helpers/wait-for.js';

/** The container's IP on `network`. */
async function ipOf(node: RedisContainer, network: string): Promise<string | undefined> {
  const client = await getContainerRuntimeClient();
  const info = await client.container.getById(node.containerId!).inspect();
  return info.NetworkSettings.Networks[network]?.IPAddress;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("startRedisCluster({ backend: 'container' })", () => {
  test('3 masters and 3 replicas lock across slots and with hash tags; dispose leaves nothing', async () => {
    const cluster = await startRedisCluster({ masters: 3, replicas: 1, backend: 'container' });
    const ids = cluster.nodes.nodes.map((node) => node.containerId);
    const network = cluster.networkName;
    try {
      expect(cluster.nodes.size).toBe(6);
      expect(cluster.nodes.nodes.every((node) => node instanceof RedisContainer)).toBe(true);
      expect(network).toEqual(expect.any(String));
      expect(cluster.nodeAddressMap('node-1:6379')).toEqual({
        host: '127.0.0.1',
        port: cluster.nodes.at(1).port,
      });
      await locksAcrossSlots(cluster);
    } finally {
      await cluster[Symbol.asyncDispose]();
    }
    const docker = (await getContainerRuntimeClient()).container.dockerode;
    const containers = await docker.listContainers({ all: true });
    expect(containers.filter((container) => ids.includes(container.Id))).toEqual([]);
    const networks = await docker.listNetworks();
    expect(networks.map((n) => n.Name)).not.toContain(network);
  });

  test('a master dies: its replica takes over with the lock, the old master rejoins as a replica', async () => {
    await using cluster = await startRedisCluster({
      masters: 3,
      replicas: 1,
      backend: 'container',
    });
    await masterFailover(cluster);
  });

  test('a master restarted on another IP is still reached: nodes announce names', async () => {
    await using cluster = await startRedisCluster({ masters: 3, backend: 'container' });
    const network = cluster.networkName!;
    const client = await cluster.connect();
    const [resource] = await resourcesOn(client, cluster, 1, 1, 'moved');
    const node = cluster.nodes.at(1);
    const before = await ipOf(node, network);
    await node.stop();
    // A container started meanwhile takes the freed address (or moves the allocator on).
    const squatter = await new GenericContainer(node.image).withNetworkMode(network).start();
    try {
      await node.restart();
      const after = await ipOf(node, network);
      expect(after).not.toBe(before);
      await waitFor(
        async () => (await Promise.all(cluster.nodes.nodes.map(clusterOk))).every(Boolean),
        20_000,
        'cluster_state:ok on every node',
      );
      const peers = await onNode(cluster.nodes.at(0), (c) =>
        c.sendCommand<string>(['CLUSTER', 'NODES']),
      );
      expect(peers).toContain(`${after}:6379@16379,node-1`);
      for (const locker of [
        new Locker(client, { retry: noRetry }),
        new Locker(await cluster.connect(), { retry: noRetry }),
      ]) {
        const lock = await locker.acquire(resource!);
        await lock.release();
      }
    } finally {
      await squatter.stop();
    }
  });

  test('a node restarted without its data is a new node that knows no cluster', async () => {
    await using cluster = await startRedisCluster({
      masters: 1,
      replicas: 1,
      backend: 'container',
    });
    await restartWithoutData(cluster.nodes.at(1));
  });

  test('with proxy: true, partitioning a master cuts clients off its slots only', async () => {
    await using cluster = await startRedisCluster({
      masters: 3,
      proxy: true,
      backend: 'container',
    });
    expect(cluster.nodes.at(0).url).not.toBe(cluster.nodes.at(0).serverUrl);
    await partitionOneMaster(cluster);
  });
});

describe("startRedisCluster({ backend: 'auto' })", () => {
  test('runs in containers when no redis-server is found', async () => {
    vi.stubEnv('REDIS_SERVER_BIN', '/nonexistent/redis-server');
    await using cluster = await startRedisCluster({ masters: 1, backend: 'auto' });
    expect(cluster.nodes.at(0).backend).toBe('container');
    expect(cluster.networkName).toEqual(expect.any(String));
    const client = await cluster.connect();
    await client.set('{auto}:key', 'value');
    expect(await client.get('{auto}:key')).toBe('value');
  });
});
