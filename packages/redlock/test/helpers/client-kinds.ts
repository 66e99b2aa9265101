// Every Redis client library redquorum supports, connected the way their users connect them:
// default options (offline queues on, the library's own reconnection), an error listener (both
// libraries ask for one). The client matrix runs the same tests over each.
import type { RedisClient } from '@redquorum/core';
import type { NodeAddress, RedisCluster } from '@redquorum/testing';
import { Cluster as IoCluster5, Redis as Ioredis5 } from 'ioredis';
import { Cluster as IoCluster6, Redis as Ioredis6 } from 'ioredis6';
import { Cluster as ValkeyCluster, Redis as Valkey } from 'iovalkey';
import { createClient as createV4, createCluster as createClusterV4 } from 'redis';
import { createClient as createV5, createCluster as createClusterV5 } from 'redis5';
import { createClient as createV6, createCluster as createClusterV6 } from 'redis6';

/** A connected client and how to close it whatever state its node is in. */
export interface Connected {
  readonly client: RedisClient;
  /** Answers a PING: whether the connection is back after a fault. */
  ping(): Promise<boolean>;
  /** Whether the client believes its connection is up (node-redis `isReady`, ioredis `status`). */
  ready(): boolean;
  close(): Promise<void>;
}

/** One library (and protocol) of the matrix. */
export interface ClientKind {
  readonly name: string;
  connect(url: string): Promise<Connected>;
  /** A cluster client over a harness cluster. */
  connectCluster(cluster: RedisCluster): Promise<Connected>;
}

const quiet = (): void => undefined;

interface NodeRedisLike {
  readonly isReady?: boolean;
  on(event: 'error', listener: () => void): unknown;
  connect(): Promise<unknown>;
  destroy?(): void;
  disconnect?(): Promise<void>;
  sendCommand(...args: never[]): Promise<unknown>;
}

/** node-redis: connect() before use; closed by destroy (v5+) or disconnect (v4). */
async function nodeRedis(client: NodeRedisLike, ping: () => Promise<unknown>): Promise<Connected> {
  client.on('error', quiet);
  await client.connect();
  return {
    client: client as unknown as RedisClient,
    ping: async () => (await ping().catch(() => undefined)) === 'PONG',
    ready: () => client.isReady === true,
    close: async () => {
      if (client.destroy) client.destroy();
      else await client.disconnect?.().catch(quiet);
    },
  };
}

interface IoredisLike {
  readonly status: string;
  on(event: 'error', listener: () => void): unknown;
  ping(): Promise<string>;
  disconnect(): void;
}

/** ioredis-family clients connect by themselves; wait for the first PONG. */
async function ioredis(client: IoredisLike): Promise<Connected> {
  client.on('error', quiet);
  await client.ping();
  return {
    client: client as unknown as RedisClient,
    ping: async () => (await client.ping().catch(() => undefined)) === 'PONG',
    ready: () => client.status === 'ready',
    close: async () => client.disconnect(),
  };
}

/** ioredis's `natMap`, from the harness's address map (MOVED names announced addresses). */
function natMap(cluster: RedisCluster): (key: string) => NodeAddress | null {
  return (key) => cluster.nodeAddressMap(key) ?? null;
}

const roots = (cluster: RedisCluster) =>
  cluster.nodes.urls.map((url) => {
    const { hostname, port } = new URL(url);
    return { host: hostname, port: Number(port) };
  });

function nodeRedisKind(
  name: string,
  create: (url: string) => NodeRedisLike & { ping(): Promise<unknown> },
  createCluster: (cluster: RedisCluster) => NodeRedisLike,
): ClientKind {
  return {
    name,
    connect: (url) => {
      const client = create(url);
      return nodeRedis(client, () => client.ping());
    },
    connectCluster: (harness) => {
      const cluster = createCluster(harness);
      return nodeRedis(cluster, () =>
        (cluster.sendCommand as (...args: unknown[]) => Promise<unknown>)(undefined, true, [
          'PING',
        ]),
      );
    },
  };
}

const clusterOptions = (harness: RedisCluster) => ({
  rootNodes: harness.nodes.urls.map((url) => ({ url })),
  nodeAddressMap: harness.nodeAddressMap,
});

/** ioredis options the matrix varies: auto-pipelining batches each tick's commands. */
interface IoredisOptions {
  enableAutoPipelining?: boolean;
}
type IoredisCtor = new (url: string, options: IoredisOptions) => IoredisLike;
type IoClusterCtor = new (
  roots: { host: string; port: number }[],
  options: IoredisOptions & { natMap: (key: string) => NodeAddress | null },
) => IoredisLike;

function ioredisKind(
  name: string,
  Client: IoredisCtor,
  Cluster: IoClusterCtor,
  options: IoredisOptions = {},
): ClientKind {
  return {
    name,
    connect: (url) => ioredis(new Client(url, options)),
    connectCluster: (harness) =>
      ioredis(new Cluster(roots(harness), { ...options, natMap: natMap(harness) })),
  };
}

/** The matrix: every library and protocol redquorum supports. */
export const CLIENT_KINDS: readonly ClientKind[] = [
  nodeRedisKind(
    'node-redis v4',
    (url) => createV4({ url }),
    (harness) => createClusterV4(clusterOptions(harness)),
  ),
  nodeRedisKind(
    'node-redis v5',
    (url) => createV5({ url }),
    (harness) => createClusterV5(clusterOptions(harness)),
  ),
  nodeRedisKind(
    'node-redis v5 (RESP3)',
    (url) => createV5({ url, RESP: 3 }),
    (harness) => createClusterV5({ ...clusterOptions(harness), RESP: 3 }),
  ),
  nodeRedisKind(
    'node-redis v6',
    (url) => createV6({ url }),
    (harness) => createClusterV6(clusterOptions(harness)),
  ),
  nodeRedisKind(
    'node-redis v6 (RESP3)',
    (url) => createV6({ url, RESP: 3 }),
    (harness) => createClusterV6({ ...clusterOptions(harness), RESP: 3 }),
  ),
  ioredisKind('ioredis 5', Ioredis5, IoCluster5),
  ioredisKind('ioredis 5 (auto-pipelining)', Ioredis5, IoCluster5, { enableAutoPipelining: true }),
  ioredisKind('ioredis 6', Ioredis6, IoCluster6),
  ioredisKind('iovalkey', Valkey, ValkeyCluster),
];

/** Connects one client of `kind` per URL. */
export function connectAll(kind: ClientKind, urls: readonly string[]): Promise<Connected[]> {
  return Promise.all(urls.map((url) => kind.connect(url)));
}

/** Closes every client. */
export async function closeAll(connected: readonly Connected[]): Promise<void> {
  await Promise.all(connected.map((one) => one.close()));
}
