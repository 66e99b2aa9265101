import { chooseBackend } from './choose-backend.js';
import type { NodeAddress } from './cluster-address-map.js';
import { startClusterContainers } from './cluster-containers.js';
import { CONTAINER_PORT } from './container-args.js';
import type { RedisContainer } from './container-server.js';
import { formCluster, type FormClusterOptions } from './form-cluster.js';
import { RedisCluster } from './redis-cluster.js';
import type { RedisNode } from './redis-node.js';
import { RedisNodes, startRedisNodes } from './redis-nodes.js';
import { resolveServerOptions, type RedisServerOptions } from './server-options.js';

/**
 * Options of {@link startRedisCluster}: those of every node (but `port`), and the topology.
 *
 * @example
 * ```ts
 * // Three masters with one replica each: six nodes, in containers when there is no redis-server.
 * await using cluster = await startRedisCluster({ masters: 3, replicas: 1, backend: 'auto' });
 * ```
 * @category Redis Cluster
 */
export interface RedisClusterOptions extends Omit<RedisServerOptions, 'port'> {
  /** Masters sharing the 16384 slots. @defaultValue `3` */
  readonly masters?: number;
  /** Replicas per master. @defaultValue `0` */
  readonly replicas?: number;
  /** How long to wait for the cluster to form (see {@link startRedisCluster}). @defaultValue `20_000` */
  readonly formTimeoutMs?: number;
}

/**
 * Starts `masters × (1 + replicas)` cluster-enabled `redis-server` processes, splits the slots
 * evenly among the masters, joins them with CLUSTER MEET, attaches replica `i` to master
 * `i mod masters`, and resolves once every node reports `cluster_state:ok` and lists every
 * node in CLUSTER SLOTS. Nodes announce `127.0.0.1:<port>`.
 *
 * A node restarted with `keepData: false` loses its `nodes.conf` with its data: it comes back
 * as a new, empty node (a new ID, no slots, no peers), and the others keep its old ID as failed.
 *
 * @example
 * ```ts
 * await using cluster = await startRedisCluster({ masters: 3 });
 * const client = await cluster.connect();
 * ```
 * @throws RangeError for bad counts, and TypeError or RangeError for bad server options,
 *   before anything is started; rejects like {@link startRedisNodes}, or with an `Error` when
 *   the cluster does not form within `formTimeoutMs` (its nodes are removed either way).
 * @category Redis Cluster
 */
export function startRedisCluster(
  options?: RedisClusterOptions & { readonly backend?: 'process' },
): Promise<RedisCluster>;
/**
 * Starts the same cluster in containers (image `options.image`, Redis 7 or later), on a bridge
 * network of the cluster's own: the nodes meet each other there by container IP, and announce
 * a name, `node-<i>`, instead of an address. {@link RedisCluster.connect} maps `node-<i>:6379`
 * to the node's published loopback port, so CLUSTER SLOTS and MOVED redirections lead this
 * process to the right node, and still do when a restarted container gets another IP. Works
 * wherever container IPs cannot be reached from the host (Docker Desktop, rootless runtimes).
 *
 * `restart()` keeps the container and its `nodes.conf`: the node rejoins as it was (a master
 * that lost its slots meanwhile, as a replica). `restart({ keepData: false })` creates a fresh
 * container: a new, empty node, as on the process backend.
 *
 * @example
 * ```ts
 * await using cluster = await startRedisCluster({ masters: 3, replicas: 1, backend: 'container' });
 * await cluster.nodes.at(0).kill(); // docker kill
 * ```
 * @throws Like the process form, and like `startRedisServer({ backend: 'container' })`; the
 *   network and containers are removed on failure.
 */
export function startRedisCluster(
  options: RedisClusterOptions & { readonly backend: 'container' },
): Promise<RedisCluster<RedisContainer>>;
/**
 * Starts the cluster on whichever backend `options.backend` names; `'auto'` picks processes
 * when `redis-server` is found, else containers when a container runtime is found (one
 * backend for every node).
 *
 * @example
 * ```ts
 * await using cluster = await startRedisCluster({ backend: 'auto' });
 * console.log(cluster.nodes.at(0).backend); // 'process' or 'container'
 * ```
 * @throws Like the other forms; {@link NoRedisBackendError} when `'auto'` finds no backend.
 */
export function startRedisCluster(options?: RedisClusterOptions): Promise<RedisCluster<RedisNode>>;
export async function startRedisCluster(
  options: RedisClusterOptions = {},
): Promise<RedisCluster<RedisNode>> {
  const { masters = 3, replicas = 0, formTimeoutMs = 20_000, ...server } = options;
  if (!Number.isInteger(masters) || masters < 1 || masters > 16) {
    throw new RangeError(`options.masters must be an integer in [1, 16], got ${String(masters)}`);
  }
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > 4) {
    throw new RangeError(`options.replicas must be an integer in [0, 4], got ${String(replicas)}`);
  }
  if (typeof formTimeoutMs !== 'number' || !(formTimeoutMs > 0)) {
    throw new RangeError(`options.formTimeoutMs must be a positive number, got ${formTimeoutMs}`);
  }
  if ((options as RedisServerOptions).port !== undefined) {
    throw new RangeError('options.port cannot be set for a cluster; ports are chosen free');
  }
  const count = masters * (1 + replicas);
  const resolved = resolveServerOptions({
    ...server,
    serverArgs: [
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      'nodes.conf',
      '--cluster-node-timeout',
      '2000',
      // Readiness waits for each replica to be listed in CLUSTER SLOTS, which Redis does once
      // its replication offset moves: sync at once (not after 5 s), and ping every second
      // (not every 10 s), as those pings are what moves the offset of an idle master.
      '--repl-diskless-sync-delay',
      '0',
      '--repl-ping-replica-period',
      '1',
      ...(server.serverArgs ?? []),
    ],
  });
  const backend = chooseBackend(resolved);
  const form = { masters, timeoutMs: formTimeoutMs };
  if (backend.kind === 'process') {
    const onProcesses = { ...server, serverArgs: resolved.serverArgs, bin: backend.bin };
    const nodes = await startRedisNodes(count, { ...onProcesses, backend: 'process' });
    const announced = nodes.nodes.map((node) => `127.0.0.1:${node.port}`);
    const seed = { host: '127.0.0.1', port: nodes.at(0).port };
    const cluster = new RedisCluster<RedisNode>(nodes, masters, announced);
    return formed(cluster, { ...form, announced, seed: async () => seed });
  }
  const { nodes, network, announced } = await startClusterContainers(count, resolved);
  const cluster = new RedisCluster<RedisNode>(new RedisNodes(nodes), masters, announced, network);
  const seed = async (): Promise<NodeAddress> => {
    const host = await nodes[0]!.networkIp();
    if (host === undefined) throw new Error('cluster node 0 has no address on its network');
    return { host, port: CONTAINER_PORT };
  };
  return formed(cluster, { ...form, announced, seed });
}

/** Forms the cluster of fresh nodes, or removes them (and their network) when it cannot. */
async function formed(
  cluster: RedisCluster<RedisNode>,
  form: Omit<FormClusterOptions, 'seed'> & { readonly seed: () => Promise<NodeAddress> },
): Promise<RedisCluster<RedisNode>> {
  try {
    await formCluster(cluster.nodes.nodes, { ...form, seed: await form.seed() });
    return cluster;
  } catch (error) {
    await cluster[Symbol.asyncDispose]();
    throw error;
  }
}
