import type { LatencyOptions } from './fault-proxy.js';
import type { NodeState, RestartOptions } from './node-state.js';

/**
 * What every node offers, whichever backend runs it: a `redis-server` process
 * ({@link RedisServer}) or a container ({@link RedisContainer}). {@link RedisNodes} holds these.
 *
 * Lifecycle operations (`kill`, `stop`, `restart`, `pause`, `resume`, dispose) are queued per
 * node: each runs once those called before it have settled, so overlapping calls never leave
 * a server the node does not know of.
 *
 * @example
 * ```ts
 * await using node: RedisNode = await startRedisServer({ backend: 'auto' });
 * console.log(node.backend, node.url);
 * await node.kill();
 * await node.restart();
 * ```
 * @category Nodes and faults
 */
export interface RedisNode extends AsyncDisposable {
  /** Which backend runs the node. */
  readonly backend: 'process' | 'container';
  /** The loopback port of the server (kept across restarts). */
  readonly port: number;
  /** Where clients connect: the fault proxy when there is one, else the server. */
  readonly url: string;
  /** The server itself, bypassing any proxy. */
  readonly serverUrl: string;
  /** The PID of the server process, when the harness knows it (process backend only). */
  readonly pid: number | undefined;
  /** Whether the node is running, paused, stopped (also when it exited by itself) or disposed of. */
  readonly state: NodeState;
  /** Crashes the node: no shutdown, no final fsync. */
  kill(): Promise<void>;
  /** Shuts the node down gracefully. */
  stop(): Promise<void>;
  /** Starts the node again on the same port, after stopping it if it runs. */
  restart(options?: RestartOptions): Promise<void>;
  /** Freezes the node: connections stay open, nothing is answered. */
  pause(): Promise<void>;
  /** Thaws a paused node. */
  resume(): Promise<void>;
  /** Holds bytes to and from the node, silently whatever the server does (needs `proxy: true`). */
  partition(): void;
  /** Ends a partition (needs `proxy: true`). */
  heal(): void;
  /** Adds latency in each direction (needs `proxy: true`). */
  latency(ms: number, options?: LatencyOptions): void;
  /** Drops every client connection (needs `proxy: true`). */
  reset(): void;
  /** The last lines of the node's log. */
  logTail(lines?: number): Promise<string>;
}
