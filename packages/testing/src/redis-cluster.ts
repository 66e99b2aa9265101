import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, createCluster, type RedisClusterType } from 'redis';
import { RedisNodes, startRedisNodes } from './redis-nodes.js';
import type { RedisServerOptions } from './server-options.js';

/**
 * Options of {@link startRedisCluster}.
 *
 * @example
 * ```ts
 * // Three masters with one replica each: six nodes.
 * await using cluster = await startRedisCluster({ masters: 3, replicas: 1 });
 * ```
 */
export interface RedisClusterOptions extends Omit<
  RedisServerOptions,
  'port' | 'proxy' | 'backend' | 'image'
> {
  /** Masters sharing the 16384 slots. @defaultValue `3` */
  readonly masters?: number;
  /** Replicas per master. @defaultValue `0` */
  readonly replicas?: number;
  /** How long to wait for `cluster_state:ok`. @defaultValue `20_000` */
  readonly formTimeoutMs?: number;
}

const SLOTS = 16_384;

/**
 * A Redis Cluster on the process backend: its nodes (masters first, then replicas) and a
 * node-redis v4 cluster client. Disposing closes the clients and kills every node.
 *
 * @example
 * ```ts
 * await using cluster = await startRedisCluster({ masters: 3 });
 * const locker = new Locker(await cluster.connect());
 * await cluster.nodes.at(0).kill(); // master 0's slots are down: no replica to fail over
 * ```
 */
export class RedisCluster implements AsyncDisposable {
  readonly #clusters: RedisClusterType[] = [];

  /** @internal Use {@link startRedisCluster}. */
  constructor(
    /** Every node; masters at indexes 0..masters-1. */
    readonly nodes: RedisNodes,
    /** How many of the nodes are masters. */
    readonly masters: number,
  ) {}

  /**
   * Connects a node-redis v4 cluster client (error listener attached; closed on dispose).
   * @throws Rejects with node-redis's error when the cluster cannot be reached.
   */
  async connect(): Promise<RedisClusterType> {
    const cluster: RedisClusterType = createCluster({
      rootNodes: this.nodes.urls.map((url) => ({ url })),
      defaults: {
        socket: { reconnectStrategy: (retries: number) => Math.min(10 * 2 ** retries, 200) },
      },
    });
    // Faults are the point here; commands still reject on their own.
    cluster.on('error', () => undefined);
    await cluster.connect();
    this.#clusters.push(cluster);
    return cluster;
  }

  /** Closes the cluster clients, then the nodes. */
  async [Symbol.asyncDispose](): Promise<void> {
    await Promise.all(
      this.#clusters.splice(0).map((cluster) => cluster.disconnect().catch(() => undefined)),
    );
    await this.nodes[Symbol.asyncDispose]();
  }
}

/**
 * Starts `masters × (1 + replicas)` cluster-enabled nodes, splits the slots evenly among the
 * masters, joins them with CLUSTER MEET, attaches replicas, and resolves once every node
 * reports `cluster_state:ok`.
 *
 * @example
 * ```ts
 * await using cluster = await startRedisCluster({ masters: 3 });
 * const client = await cluster.connect();
 * ```
 * @throws RangeError for bad counts, and TypeError or RangeError for bad server options,
 *   before anything is spawned; rejects like {@link startRedisNodes}, or with an `Error` when
 *   the cluster does not form within `formTimeoutMs` (its nodes are killed either way).
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const { masters = 3, replicas = 0, formTimeoutMs = 20_000, ...server } = options;
  if (!Number.isInteger(masters) || masters < 1 || masters > 16) {
    throw new RangeError(`options.masters must be an integer in [1, 16], got ${String(masters)}`);
  }
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > 4) {
    throw new RangeError(`options.replicas must be an integer in [0, 4], got ${String(replicas)}`);
  }
  const { backend = 'process' } = options as RedisServerOptions;
  if (backend !== 'process') {
    throw new RangeError(`startRedisCluster runs on the process backend only, got ${backend}`);
  }
  const nodes = await startRedisNodes(masters * (1 + replicas), {
    ...server,
    backend: 'process',
    serverArgs: [
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      'nodes.conf',
      '--cluster-node-timeout',
      '2000',
      ...(server.serverArgs ?? []),
    ],
  });
  try {
    await formCluster(nodes, masters, formTimeoutMs);
    return new RedisCluster(nodes, masters);
  } catch (error) {
    await nodes[Symbol.asyncDispose]();
    throw error;
  }
}

async function formCluster(nodes: RedisNodes, masters: number, timeoutMs: number): Promise<void> {
  const clients = await Promise.all(
    nodes.urls.map((url) =>
      createClient({ url })
        .on('error', () => undefined)
        .connect(),
    ),
  );
  try {
    const ids = await Promise.all(clients.map((c) => c.sendCommand<string>(['CLUSTER', 'MYID'])));
    await Promise.all(
      clients.slice(0, masters).map((client, i) => {
        const first = Math.floor((i * SLOTS) / masters);
        const last = Math.floor(((i + 1) * SLOTS) / masters) - 1;
        return client.sendCommand(['CLUSTER', 'ADDSLOTSRANGE', String(first), String(last)]);
      }),
    );
    const seed = nodes.at(0);
    await Promise.all(
      clients
        .slice(1)
        .map((client) => client.sendCommand(['CLUSTER', 'MEET', '127.0.0.1', String(seed.port)])),
    );
    const deadline = performance.now() + timeoutMs;
    const known = async (): Promise<boolean> => {
      const infos = await Promise.all(
        clients.map((c) => c.sendCommand<string>(['CLUSTER', 'INFO'])),
      );
      return infos.every((info) => info.includes(`cluster_known_nodes:${clients.length}`));
    };
    while (!(await known())) {
      if (performance.now() > deadline) throw new Error('cluster nodes did not meet in time');
      await sleep(20);
    }
    for (let i = masters; i < clients.length; i++) {
      await clients[i]!.sendCommand(['CLUSTER', 'REPLICATE', ids[(i - masters) % masters]!]);
    }
    const ok = async (): Promise<boolean> => {
      const infos = await Promise.all(
        clients.map((c) => c.sendCommand<string>(['CLUSTER', 'INFO'])),
      );
      return infos.every((info) => info.includes('cluster_state:ok'));
    };
    while (!(await ok())) {
      if (performance.now() > deadline)
        throw new Error('cluster did not reach cluster_state:ok in time');
      await sleep(20);
    }
  } finally {
    await Promise.all(clients.map((client) => client.disconnect().catch(() => undefined)));
  }
}
