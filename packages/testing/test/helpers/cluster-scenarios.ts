// Cluster scenarios shared by the process backend's integration tests and the container
// backend's e2e tests, so that both backends are held to the very same lock behaviour.
import { expect } from 'vitest';
import { createClient, type RedisClusterType } from 'redis';
import { Locker, noRetry } from '@redquorum/core';
import type { RedisNode } from '../../src/index.js';
import { waitFor } from './wait-for.js';

/**
 * What the scenarios use of a `RedisCluster`, whichever backend (and whether the type comes
 * from the sources or from the built package).
 */
export interface ClusterUnderTest {
  readonly nodes: { readonly nodes: readonly RedisNode[]; at(index: number): RedisNode };
  readonly masters: number;
  connect(): Promise<RedisClusterType>;
}

/** Runs `use` with a plain client on the node itself (bypassing any proxy). */
export async function onNode<T>(
  node: RedisNode,
  use: (client: ReturnType<typeof createClient>) => Promise<T>,
): Promise<T> {
  const client = createClient({ url: node.serverUrl, socket: { reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.disconnect().catch(() => undefined);
  }
}

/** The node's replication role: `'master'` or `'slave'`. */
export function roleOf(node: RedisNode): Promise<string> {
  return onNode(node, async (client) => String((await client.sendCommand<unknown[]>(['ROLE']))[0]));
}

/** Whether the node reports `cluster_state:ok`. */
export function clusterOk(node: RedisNode): Promise<boolean> {
  return onNode(node, async (c) =>
    (await c.sendCommand<string>(['CLUSTER', 'INFO'])).includes('cluster_state:ok'),
  );
}

/** `count` resources whose keys (`lock:<resource>`) hash into master `master`'s slots. */
export async function resourcesOn(
  client: RedisClusterType,
  cluster: ClusterUnderTest,
  master: number,
  count: number,
  prefix: string,
): Promise<string[]> {
  const first = Math.floor((master * 16_384) / cluster.masters);
  const last = Math.floor(((master + 1) * 16_384) / cluster.masters) - 1;
  const found: string[] = [];
  for (let i = 0; found.length < count; i++) {
    const resource = `${prefix}:${i}`;
    const slot = await client.sendCommand<number>(undefined, true, [
      'CLUSTER',
      'KEYSLOT',
      `lock:${resource}`,
    ]);
    if (slot >= first && slot <= last) found.push(resource);
  }
  return found;
}

/** Locks across every master's slots, fenced, and several resources under one hash tag. */
export async function locksAcrossSlots(cluster: ClusterUnderTest): Promise<void> {
  const client = await cluster.connect();
  const info = await client.sendCommand<string>(undefined, true, ['CLUSTER', 'INFO']);
  expect(info).toContain('cluster_state:ok');
  expect(info).toContain(`cluster_size:${cluster.masters}`);
  const locker = new Locker(client, { ttlMs: 5_000, fencing: true });
  for (const resource of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) {
    const lock = await locker.acquire(resource);
    expect(lock.fence).toBe(1n);
    await lock.release();
  }
  const both = await locker.acquire(['{order}:1', '{order}:2']);
  expect(await client.get('lock:{order}:1')).toBe(both.token);
  expect(await client.get('lock:{order}:2')).toBe(both.token);
  await expect(locker.acquire('{order}:2', { retry: noRetry })).rejects.toMatchObject({
    reason: 'taken',
  });
  await both.release();
  expect(await client.get('lock:{order}:2')).toBeNull();
  expect(() => locker.acquire(['a', 'b'])).toThrow(/hash tag/);
}

/** The endpoint (`host:port`) the node names as the master of `slot`, in CLUSTER SLOTS. */
export function slotOwner(node: RedisNode, slot: number): Promise<string | undefined> {
  return onNode(node, async (client) => {
    const ranges = await client.sendCommand<[number, number, [string, number]][]>([
      'CLUSTER',
      'SLOTS',
    ]);
    const range = ranges.find(([first, last]) => first <= slot && slot <= last);
    return range === undefined ? undefined : `${range[2][0]}:${range[2][1]}`;
  });
}

/** Waits until every node in `nodes` reports `cluster_state:ok` and `owner` as slot 0's master. */
async function agreeOnSlotZero(nodes: readonly RedisNode[], owner: string): Promise<void> {
  await waitFor(
    async () => {
      for (const node of nodes) {
        if (!(await clusterOk(node)) || (await slotOwner(node, 0)) !== owner) return false;
      }
      return true;
    },
    20_000,
    `every node naming ${owner} as slot 0's master`,
  );
}

/**
 * Master 0 dies with a lock held on its slots (replicated first). Its replica, node
 * `masters`, takes over with the lock: a client that discovers the new topology finds it
 * taken, and locks the rest of those slots. The old master comes back as a replica, and the
 * first client, whose slot map still names it as master, follows its MOVED redirection (to
 * wherever the promoted replica answers) to release the lock.
 */
export async function masterFailover(cluster: ClusterUnderTest): Promise<void> {
  const options = { ttlMs: 60_000, retry: noRetry, coalesce: false } as const;
  const first = await cluster.connect();
  const locker = new Locker(first, options);
  const [held, other] = await resourcesOn(first, cluster, 0, 2, 'failover');
  const lock = await locker.acquire(held!);
  // Replication is asynchronous: a lock acquired just before a crash may be lost in the
  // failover. WAIT makes this one reach the replica, which is what this test is about.
  expect(await first.sendCommand<number>(`lock:${held}`, false, ['WAIT', '1', '5000'])).toBe(1);

  const [oldMaster, replica] = [cluster.nodes.at(0), cluster.nodes.at(cluster.masters)];
  const before = await slotOwner(replica, 0);
  await oldMaster.kill();
  await waitFor(async () => (await roleOf(replica)) === 'master', 20_000, 'replica promoted');
  const promoted = await slotOwner(replica, 0);
  expect(promoted).not.toBe(before);
  // A client connecting meanwhile would wait for a dead master that a slow node still names.
  await agreeOnSlotZero(
    cluster.nodes.nodes.filter((node) => node !== oldMaster),
    promoted!,
  );

  const second = new Locker(await cluster.connect(), options);
  await expect(second.acquire(held!)).rejects.toMatchObject({ reason: 'taken' });
  const fresh = await second.acquire(other!);
  await fresh.release();

  await oldMaster.restart();
  await waitFor(async () => (await roleOf(oldMaster)) === 'slave', 20_000, 'old master demoted');
  await agreeOnSlotZero(cluster.nodes.nodes, promoted!);
  const released = await lock.release();
  expect(released.nodes.map((node) => node.outcome)).toEqual(['ok']);
  const again = await second.acquire(held!);
  await again.release();
}

/**
 * A node restarted without its data forgets the cluster with its `nodes.conf`: it comes back
 * as a new node (another ID) that knows no peer and serves no slot.
 */
export async function restartWithoutData(node: RedisNode): Promise<void> {
  const id = await onNode(node, (c) => c.sendCommand<string>(['CLUSTER', 'MYID']));
  await node.restart({ keepData: false });
  await onNode(node, async (c) => {
    expect(await c.sendCommand<string>(['CLUSTER', 'MYID'])).not.toBe(id);
    const info = await c.sendCommand<string>(['CLUSTER', 'INFO']);
    expect(info).toContain('cluster_known_nodes:1');
    expect(info).toContain('cluster_slots_assigned:0');
  });
}

/**
 * With `proxy: true`, cluster clients reach every node through its proxy, redirections
 * included: partitioning master 0 cuts this process off its slots only, until heal(). (One
 * `Locker` per side: a `Locker` counts a cluster as one node, which a call timing out on any
 * master makes unresponsive as a whole.)
 */
export async function partitionOneMaster(cluster: ClusterUnderTest): Promise<void> {
  const options = { ttlMs: 5_000, retry: noRetry } as const;
  const cutClient = await cluster.connect();
  const [cut] = await resourcesOn(cutClient, cluster, 0, 1, 'cut');
  const [free] = await resourcesOn(cutClient, cluster, 1, 1, 'free');
  const cutLocker = new Locker(cutClient, options);
  const freeLocker = new Locker(await cluster.connect(), options);
  cluster.nodes.at(0).partition();
  await expect(cutLocker.acquire(cut!)).rejects.toMatchObject({ reason: 'unreachable' });
  const lock = await freeLocker.acquire(free!);
  await lock.release();
  cluster.nodes.at(0).heal();
  await waitFor(
    async () => {
      const healed = await cutLocker.acquire(cut!).catch(() => undefined);
      await healed?.release();
      return healed !== undefined;
    },
    10_000,
    'lock on the healed master',
  );
}
