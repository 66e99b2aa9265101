import type { RedisClientType } from 'redis';
import { closeClient, connectClient, type ConnectOptions } from './connect-client.js';
import type { RedisContainer } from './container-server.js';
import type { RedisNode } from './redis-node.js';
import type { RedisServer } from './redis-server.js';
import { startRedisServer } from './start-redis-server.js';
import { resolveServerOptions, type RedisServerOptions } from './server-options.js';

/**
 * Options of {@link startRedisNodes}: those of every node, and per-node overrides.
 *
 * @example
 * ```ts
 * // Five nodes behind fault proxies; node 4's clock runs 1.5 times too fast.
 * await using nodes = await startRedisNodes(5, {
 *   proxy: true,
 *   perNode: [{}, {}, {}, {}, { clockRate: 1.5 }],
 * });
 * ```
 * @category Nodes and faults
 */
export interface RedisNodesOptions extends RedisServerOptions {
  /**
   * Options for node `i`, over the common ones: a fast clock on one node, say
   * (`perNode: [{ clockRate: 2 }]`). @defaultValue `[]`
   */
  readonly perNode?: readonly Omit<RedisServerOptions, 'port'>[];
}

/** Most nodes one call starts; more is almost certainly a mistake in a test. */
const MAX_NODES = 64;

/**
 * N independent Redis nodes, each with its own process (or container), port and directory.
 * `await using` closes every client from {@link RedisNodes.connect} and kills every node.
 * `N` is the node type: {@link RedisServer} for the process backend, {@link RedisContainer}
 * for containers, {@link RedisNode} for `backend: 'auto'`.
 *
 * @example
 * ```ts
 * await using nodes = await startRedisNodes(5, { proxy: true });
 * const redlock = new Redlock(await nodes.connect(), { ttlMs: 2_000 });
 * nodes.partition([0, 1]); // a minority: locks still work
 * nodes.heal();
 * ```
 * @category Nodes and faults
 */
export class RedisNodes<N extends RedisNode = RedisServer> implements AsyncDisposable {
  readonly #clients: RedisClientType[] = [];

  /** @internal Use {@link startRedisNodes}. */
  constructor(
    /** The nodes, in index order. */
    readonly nodes: readonly N[],
  ) {}

  /** How many nodes there are. */
  get size(): number {
    return this.nodes.length;
  }

  /** `redis://127.0.0.1:<port>` of every node, in index order. */
  get urls(): string[] {
    return this.nodes.map((node) => node.url);
  }

  /**
   * The node at `index`.
   * @throws RangeError when there is no such node.
   */
  at(index: number): N {
    const node = Number.isInteger(index) ? this.nodes[index] : undefined;
    if (node === undefined) {
      throw new RangeError(
        `index must be an integer in [0, ${this.nodes.length - 1}], got ${index}`,
      );
    }
    return node;
  }

  /**
   * Connects one node-redis v4 client per node, in index order. The clients carry an error
   * listener, reconnect by themselves, and are closed when the node set is disposed of.
   * @throws Rejects with node-redis's error when a node cannot be reached.
   */
  async connect(options?: ConnectOptions): Promise<RedisClientType[]> {
    const clients = await Promise.all(
      this.nodes.map((node, index) => connectClient(node.url, index, options)),
    );
    this.#clients.push(...clients);
    return clients;
  }

  /**
   * Partitions the nodes at `indexes` away from every client (a minority or a majority);
   * the others are untouched. Needs `proxy: true`.
   * @throws RangeError for a bad index; Error when the nodes have no proxy.
   */
  partition(indexes: readonly number[]): void {
    for (const index of indexes) this.at(index).partition();
  }

  /**
   * Heals every partitioned node. Needs `proxy: true`.
   * @throws `Error` when the nodes have no proxy.
   */
  heal(): void {
    for (const node of this.nodes) node.heal();
  }

  /** Closes the clients, then kills every node and removes its directory. */
  async [Symbol.asyncDispose](): Promise<void> {
    await Promise.all(this.#clients.splice(0).map(closeClient));
    await Promise.all(this.nodes.map((node) => node[Symbol.asyncDispose]()));
  }
}

/**
 * Starts `count` independent `redis-server` processes in parallel, on free loopback ports.
 *
 * The nodes die with the thread that starts them, even when it is killed with SIGKILL (on
 * Linux, through a parent-death signal, which the kernel ties to the spawning thread): nodes
 * started in a worker thread are killed when that worker ends, though the process lives on.
 * Start and dispose of nodes in the thread that uses them. Directories that a killed process
 * could not remove are removed by a later start, once that process is gone.
 *
 * @example
 * ```ts
 * await using nodes = await startRedisNodes(5);
 * const clients = await nodes.connect();
 * await nodes.at(0).pause();
 * ```
 * @throws RangeError or TypeError for a bad count or bad options, before anything is spawned;
 *   rejects like {@link startRedisServer} ({@link RedisServerNotFoundError},
 *   {@link RedisServerStartError}, {@link ClockShimBuildError}) once any node fails to start,
 *   after killing the others.
 * @category Nodes and faults
 */
export function startRedisNodes(
  count: number,
  options?: RedisNodesOptions & { readonly backend?: 'process' },
): Promise<RedisNodes>;
/**
 * Starts `count` container nodes in parallel (see {@link RedisContainer}).
 *
 * @example
 * ```ts
 * await using nodes = await startRedisNodes(3, { backend: 'container', image: 'redis:7' });
 * await nodes.at(0).pause(); // docker pause
 * ```
 * @throws Like the process form, and like `startRedisServer({ backend: 'container' })`.
 */
export function startRedisNodes(
  count: number,
  options: RedisNodesOptions & { readonly backend: 'container' },
): Promise<RedisNodes<RedisContainer>>;
/**
 * Starts `count` nodes on whichever backend `options.backend` names (`'auto'`: see
 * {@link startRedisServer}).
 *
 * @example
 * ```ts
 * await using nodes = await startRedisNodes(5, { backend: 'auto' });
 * const clients = await nodes.connect();
 * ```
 * @throws Like the other forms; {@link NoRedisBackendError} when `'auto'` finds no backend.
 */
export function startRedisNodes(
  count: number,
  options?: RedisNodesOptions,
): Promise<RedisNodes<RedisNode>>;
export async function startRedisNodes(
  count: number,
  options: RedisNodesOptions = {},
): Promise<RedisNodes<RedisNode>> {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_NODES) {
    throw new RangeError(`count must be an integer in [1, ${MAX_NODES}], got ${String(count)}`);
  }
  resolveServerOptions(options);
  if (options.port !== undefined) {
    throw new RangeError('options.port cannot be set for several nodes; ports are chosen free');
  }
  const { perNode = [], ...common } = options;
  if (!isArrayValue(perNode) || perNode.length > count) {
    throw new RangeError(`options.perNode must be an array of at most ${count} option objects`);
  }
  const nodeOptions = Array.from({ length: count }, (_, index) => ({
    ...common,
    ...perNode[index],
  }));
  nodeOptions.forEach((o) => resolveServerOptions(o));
  const started = await Promise.allSettled(
    nodeOptions.map((o): Promise<RedisNode> => startRedisServer(o)),
  );
  const nodes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure !== undefined) {
    await Promise.all(nodes.map((node) => node[Symbol.asyncDispose]()));
    throw failure.reason;
  }
  return new RedisNodes(nodes);
}

/** Array.isArray without narrowing the argument to any[]. */
function isArrayValue(value: unknown): boolean {
  return Array.isArray(value);
}
