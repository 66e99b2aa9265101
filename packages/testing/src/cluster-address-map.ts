import type { RedisNode } from './redis-node.js';

/**
 * Where this process reaches a cluster node.
 * @category Redis Cluster
 */
export interface NodeAddress {
  /** A host name or IP address, `127.0.0.1` for every node the harness starts. */
  readonly host: string;
  /** A TCP port. */
  readonly port: number;
}

/**
 * Maps the address each node announces to its cluster (`host:port`, as CLUSTER SLOTS and
 * MOVED give it) to where this process reaches that node: the node's `url`, read at each call,
 * so a fault proxy attached later is followed. Undefined for an address no node announces.
 * @internal
 */
export function clusterAddressMap(
  announced: readonly string[],
  nodes: readonly RedisNode[],
): (address: string) => NodeAddress | undefined {
  const byAddress = new Map(announced.map((address, i) => [address, nodes[i]]));
  return (address) => {
    const node = byAddress.get(address);
    if (node === undefined) return undefined;
    const url = new URL(node.url);
    return { host: url.hostname, port: Number(url.port) };
  };
}
