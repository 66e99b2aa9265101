import { rm } from 'node:fs/promises';
import type { LatencyOptions } from './fault-proxy.js';
import { LifecycleQueue } from './lifecycle-queue.js';
import { logFileTail } from './log-tail.js';
import { nodeLogFile, removeNodeData } from './node-dir.js';
import { NodeFaults } from './node-faults.js';
import { resolveKeepData, type NodeState, type RestartOptions } from './node-state.js';
import { whyNotReady } from './readiness.js';
import { waitForProcState } from './proc-state.js';
import type { RedisNode } from './redis-node.js';
import { RedisServerStartError } from './redis-server-start-error.js';
import type { ResolvedServerOptions } from './server-options.js';
import { killServer, spawnNodeServer, stopServer, type ServerProcess } from './server-process.js';

/**
 * One `redis-server` process on a fixed loopback port with a private directory. Created by
 * {@link startRedisServer}; `await using` disposes of it (SIGKILL and directory removed).
 *
 * Lifecycle operations (`kill`, `stop`, `restart`, `pause`, `resume`, dispose) are queued: each
 * runs once the ones called before it have settled, so `Promise.all([node.restart(),
 * node.kill()])` restarts the node and then kills it, and never leaves a second server on the
 * port. `state` and `pid` describe the process as it is: a server that died on its own reads
 * as `'stopped'`. The fault-proxy methods (`partition`, `heal`, `latency`, `reset`) act at once.
 *
 * @example
 * ```ts
 * await using server = await startRedisServer({ proxy: true, persistence: 'aof-always' });
 * server.partition(); // clients hang until heal()
 * server.heal();
 * await server.restart(); // same port; the AOF brings acknowledged writes back
 * ```
 * @category Nodes and faults
 */
export class RedisServer implements RedisNode {
  /** Always `'process'`. */
  readonly backend = 'process' as const;
  #process: ServerProcess | undefined;
  #state: NodeState = 'stopped';
  readonly #options: ResolvedServerOptions;
  readonly #bin: string;
  readonly #lifecycle = new LifecycleQueue();
  readonly #faults = new NodeFaults();

  /** @internal Use {@link startRedisServer}. */
  constructor(
    options: ResolvedServerOptions,
    bin: string,
    /** The loopback port, kept across restarts. */
    readonly port: number,
    /** The node's private directory (data under `data/`, log in `redis.log`). */
    readonly dir: string,
  ) {
    this.#options = options;
    this.#bin = bin;
  }

  /**
   * Where clients connect: the fault proxy when the node has one (`proxy: true`), else the
   * server itself.
   */
  get url(): string {
    return this.#faults.url(this.serverUrl);
  }

  /** The server itself, `redis://127.0.0.1:<port>`, bypassing any proxy. */
  get serverUrl(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** @internal Puts a fault proxy in front of the node (startRedisServer does). */
  attachProxy(): Promise<void> {
    return this.#faults.attach(this.port);
  }

  /**
   * Network partition: bytes to and from the node are held; connections stay open and nothing
   * is answered, until {@link RedisServer.heal}, whatever happens to the server meanwhile (a
   * kill, a restart): clients learn of it only after the heal.
   * @throws `Error` when the node was started without `proxy: true`.
   */
  partition(): void {
    this.#faults.proxy('partition', this.port).partition();
  }

  /**
   * Ends a partition; the held bytes flow, in order. Connections whose server died behind the
   * partition are closed then.
   * @throws `Error` when the node was started without `proxy: true`.
   */
  heal(): void {
    this.#faults.proxy('heal', this.port).heal();
  }

  /**
   * Adds `ms` (± `jitterMs`) of latency to every chunk in each direction; 0 removes it.
   * @throws `Error` when the node was started without `proxy: true`; RangeError for a negative
   *   `ms`, or a `jitterMs` outside [0, ms].
   */
  latency(ms: number, options?: LatencyOptions): void {
    this.#faults.proxy('latency', this.port).latency(ms, options);
  }

  /**
   * Drops every client connection (clients reconnect by themselves).
   * @throws `Error` when the node was started without `proxy: true`.
   */
  reset(): void {
    this.#faults.proxy('reset', this.port).reset();
  }

  /** The PID of the running (or paused) server, or undefined when there is none. */
  get pid(): number | undefined {
    const state = this.state;
    return state === 'running' || state === 'paused' ? this.#process?.pid : undefined;
  }

  /**
   * Whether the node is running, paused (SIGSTOP), stopped or disposed of. A server that
   * exited by itself (a crash, a `SHUTDOWN` sent by a test) is `'stopped'`.
   */
  get state(): NodeState {
    const live = this.#state === 'running' || this.#state === 'paused';
    return live && this.#process?.hasExited() !== false ? 'stopped' : this.#state;
  }

  /** @internal Spawns the server and polls PING until it answers or the deadline passes. */
  start(): Promise<void> {
    return this.#lifecycle.run(() => this.#start());
  }

  /**
   * Crashes the node with SIGKILL (no shutdown, no final fsync) and waits for it to exit.
   * Queued behind the node's other lifecycle operations.
   */
  kill(): Promise<void> {
    return this.#lifecycle.run(() => this.#kill());
  }

  /**
   * Shuts the node down gracefully (SIGTERM) and waits for it to exit. Queued behind the
   * node's other lifecycle operations.
   */
  stop(): Promise<void> {
    return this.#lifecycle.run(() => this.#stop());
  }

  /**
   * Starts the node again on the same port, after stopping it if it runs. Queued behind the
   * node's other lifecycle operations.
   * @throws TypeError for a bad `keepData`; `Error` once disposed of;
   *   {@link RedisServerStartError} when the node does not come back.
   */
  async restart(options: RestartOptions = {}): Promise<void> {
    const keepData = resolveKeepData(options);
    return this.#lifecycle.run(async () => {
      this.#assertNotDisposed();
      await this.#stop();
      if (!keepData) await removeNodeData(this.dir);
      await this.#start();
    });
  }

  /**
   * Freezes the node with SIGSTOP: connections stay open, nothing is answered. Queued behind
   * the node's other lifecycle operations.
   * @throws `Error` when the node is stopped or disposed of.
   */
  pause(): Promise<void> {
    return this.#lifecycle.run(() => this.#freeze('pause'));
  }

  /**
   * Thaws a node frozen by {@link RedisServer.pause}. Queued behind the node's other
   * lifecycle operations.
   * @throws `Error` when the node is stopped or disposed of.
   */
  resume(): Promise<void> {
    return this.#lifecycle.run(() => this.#freeze('resume'));
  }

  /** The last lines of the node's log, for error messages. */
  logTail(lines = 20): Promise<string> {
    return logFileTail(nodeLogFile(this.dir), lines);
  }

  /**
   * Kills the node and removes its directory, after the lifecycle operations already queued.
   * Safe to call twice.
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.#lifecycle.run(async () => {
      if (this.#state === 'disposed') return;
      await this.#kill();
      this.#state = 'disposed';
      await this.#faults.close();
      await rm(this.dir, { recursive: true, force: true });
    });
  }

  async #start(): Promise<void> {
    this.#assertNotDisposed();
    const proc = await spawnNodeServer(this.#bin, this.#options, this.port, this.dir);
    this.#process = proc;
    this.#state = 'running';
    const why = await whyNotReady(proc, this.port, this.#options.readyTimeoutMs);
    if (why === undefined) return;
    if (!proc.hasExited()) await this.#kill();
    this.#markStopped();
    throw new RedisServerStartError(
      `redis-server on port ${this.port} ${why}; log tail:\n${await this.logTail()}`,
    );
  }

  async #kill(): Promise<void> {
    if (this.#process !== undefined) await killServer(this.#process);
    this.#markStopped();
  }

  async #stop(): Promise<void> {
    if (this.#process !== undefined) await stopServer(this.#process, this.#state === 'paused');
    this.#markStopped();
  }

  /** SIGSTOP or SIGCONT, then waits for /proc to show the process stopped or running. */
  async #freeze(action: 'pause' | 'resume'): Promise<void> {
    const proc = this.#runningProcess(action);
    const pausing = action === 'pause';
    process.kill(proc.pid, pausing ? 'SIGSTOP' : 'SIGCONT');
    this.#state = pausing ? 'paused' : 'running';
    await waitForProcState(proc.pid, (s) => (s === 'T' || s === 't') === pausing);
  }

  #markStopped(): void {
    if (this.#state !== 'disposed') this.#state = 'stopped';
  }

  #runningProcess(action: string): ServerProcess {
    const proc = this.#process;
    const state = this.state;
    if (proc === undefined || (state !== 'running' && state !== 'paused')) {
      throw new Error(`cannot ${action} node on port ${this.port}: it is ${state}`);
    }
    return proc;
  }

  #assertNotDisposed(): void {
    if (this.#state === 'disposed') throw new Error(`node on port ${this.port} was disposed of`);
  }
}
