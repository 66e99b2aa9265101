import { createCluster, type RedisClusterType } from 'redis';
import { clusterAddressMap, type NodeAddress } from './cluster-address-map.js';
import { removeNetwork } from './cluster-containers.js';
import type { StartedNetwork } from './container-runtime.js';
import type { RedisNode } from './redis-node.js';
import type { RedisNodes } from './redis-nodes.js';
import type { RedisServer } from './redis-server.js';

/**
 * A Redis Cluster started by {@link startRedisCluster}: its nodes (masters first, then
 * replicas), on processes or in containers, and node-redis v4 cluster clients that reach them
 * whatever address they announce. Disposing closes the clients, removes every node, and a
 * container cluster's network.
 *
 * Each node has the fault API of a single node: `kill`, `stop`, `restart`, `pause`, `resume`,
 * and with `proxy: true` `partition`, `heal`, `latency` and `reset`, which act between this
 * process's clients and that node only (the cluster bus between nodes is never proxied).
 *
 * @example
 * ```ts
 * await using cluster = await startRedisCluster({ masters: 3, replicas: 1 });
 * const locker = new Locker(await cluster.connect());
 * await cluster.nodes.at(0).kill(); // master 0 down; its replica, node 3, takes over
 * ```
 * @category Redis Cluster
 */
export class RedisCluster<N extends RedisNode = RedisServer> implements AsyncDisposable {
  readonly #clusters: RedisClusterType[] = [];
  readonly #network: StartedNetwork | undefined;

  /**
   * Maps an address a node announces (`host:port`, as CLUSTER SLOTS and MOVED redirections
   * name it) to where this process reaches the node: its published port, or its fault proxy.
   * Undefined for an address no node of this cluster announces. {@link RedisCluster.connect}
   * passes it to node-redis as `nodeAddressMap`; pass it to a cluster client of your own.
   */
  readonly nodeAddressMap: (address: string) => NodeAddress | undefined;

  /** @internal Use {@link startRedisCluster}. */
  constructor(
    /** Every node; masters at indexes 0..masters-1, then replica `i` of master `i mod masters`. */
    readonly nodes: RedisNodes<N>,
    /** How many of the nodes are masters. */
    readonly masters: number,
    announced: readonly string[],
    network?: StartedNetwork,
  ) {
    this.nodeAddressMap = clusterAddressMap(announced, nodes.nodes);
    this.#network = network;
  }

  /**
   * The Docker network of a container cluster, where node `i` answers as `node-<i>:6379`
   * (for containers of your own to join); undefined on the process backend.
   */
  get networkName(): string | undefined {
    return this.#network?.getName();
  }

  /**
   * Connects a node-redis v4 cluster client (error listener attached; closed on dispose),
   * through {@link RedisCluster.nodeAddressMap}, so MOVED redirections reach the right node.
   * @throws Rejects with node-redis's error when the cluster cannot be reached.
   */
  async connect(): Promise<RedisClusterType> {
    const cluster: RedisClusterType = createCluster({
      rootNodes: this.nodes.urls.map((url) => ({ url })),
      nodeAddressMap: this.nodeAddressMap,
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

  /** Closes the cluster clients, then removes the nodes, then a container cluster's network. */
  async [Symbol.asyncDispose](): Promise<void> {
    await Promise.all(
      this.#clusters.splice(0).map((cluster) => cluster.disconnect().catch(() => undefined)),
    );
    await this.nodes[Symbol.asyncDispose]();
    if (this.#network !== undefined) await removeNetwork(this.#network);
  }
}
