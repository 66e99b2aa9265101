import { readFile, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildClockShim, clockEnv } from './clock-shim.js';
import { FaultProxy, type LatencyOptions } from './fault-proxy.js';
import { assertPortFree, findFreePort } from './free-port.js';
import { pingOnce, serverProcessId } from './ping.js';
import { LifecycleQueue } from './lifecycle-queue.js';
import { makeNodeDir, sweepDeadOwnersDirs } from './node-dir.js';
import { waitForProcState } from './proc-state.js';
import { findRedisServer } from './redis-server-binary.js';
import {
  resolveServerOptions,
  serverArgs,
  type RedisServerOptions,
  type ResolvedServerOptions,
} from './server-options.js';
import { spawnServer, type ServerProcess } from './server-process.js';
import type { RedisNode } from './redis-node.js';
import { startRedisContainer, type RedisContainer } from './container-server.js';
import {
  findContainerRuntime,
  HOW_TO_GET_CONTAINERS,
  NoRedisBackendError,
} from './container-runtime.js';
import { RedisServerNotFoundError } from './redis-server-binary.js';

/** What a node is doing now. */
export type NodeState = 'running' | 'paused' | 'stopped' | 'disposed';

/** Options of {@link RedisServer.restart}. */
export interface RestartOptions {
  /**
   * Keep the data directory. With `persistence: 'none'` nothing was written there, so the node
   * comes back empty either way.
   * @defaultValue `true`
   */
  readonly keepData?: boolean;
}

const POLL_MS = 5;
const STOP_GRACE_MS = 10_000;

/**
 * Thrown when a node does not answer PING in time or exits while starting.
 *
 * @example
 * ```ts
 * await startRedisServer({ readyTimeoutMs: 2_000 }).catch((error: unknown) => {
 *   if (error instanceof RedisServerStartError) console.error(error.message); // log tail
 *   throw error;
 * });
 * ```
 */
export class RedisServerStartError extends Error {
  /** Always `'RedisServerStartError'`, so test failures name the cause plainly. */
  override readonly name = 'RedisServerStartError';
  /** Stable code for programmatic checks. */
  readonly code = 'ERR_REDIS_SERVER_START';
}

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
 */
export class RedisServer implements RedisNode {
  /** Always `'process'`. */
  readonly backend = 'process' as const;
  #process: ServerProcess | undefined;
  #state: NodeState = 'stopped';
  readonly #options: ResolvedServerOptions;
  readonly #bin: string;
  readonly #lifecycle = new LifecycleQueue();
  #proxy: FaultProxy | undefined;

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
    return this.#proxy === undefined ? this.serverUrl : `redis://127.0.0.1:${this.#proxy.port}`;
  }

  /** The server itself, `redis://127.0.0.1:<port>`, bypassing any proxy. */
  get serverUrl(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** @internal Puts a fault proxy in front of the node (startRedisServer does). */
  async attachProxy(): Promise<void> {
    this.#proxy ??= await FaultProxy.start(this.port);
  }

  /**
   * Network partition: bytes to and from the node are held; connections stay open and nothing
   * is answered, until {@link RedisServer.heal}, whatever happens to the server meanwhile (a
   * kill, a restart): clients learn of it only after the heal.
   * @throws `Error` when the node was started without `proxy: true`.
   */
  partition(): void {
    this.#faults('partition').partition();
  }

  /**
   * Ends a partition; the held bytes flow, in order. Connections whose server died behind the
   * partition are closed then.
   * @throws `Error` when the node was started without `proxy: true`.
   */
  heal(): void {
    this.#faults('heal').heal();
  }

  /**
   * Adds `ms` (± `jitterMs`) of latency to every chunk in each direction; 0 removes it.
   * @throws `Error` when the node was started without `proxy: true`; RangeError for a negative
   *   `ms`, or a `jitterMs` outside [0, ms].
   */
  latency(ms: number, options?: LatencyOptions): void {
    this.#faults('latency').latency(ms, options);
  }

  /**
   * Drops every client connection (clients reconnect by themselves).
   * @throws `Error` when the node was started without `proxy: true`.
   */
  reset(): void {
    this.#faults('reset').reset();
  }

  #faults(action: string): FaultProxy {
    if (this.#proxy === undefined) {
      throw new Error(`cannot ${action} node on port ${this.port}: start it with proxy: true`);
    }
    return this.#proxy;
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
    const { keepData = true } = options;
    if (typeof keepData !== 'boolean') throw new TypeError('options.keepData must be a boolean');
    return this.#lifecycle.run(async () => {
      this.#assertNotDisposed();
      await this.#stop();
      if (!keepData) await rm(join(this.dir, 'data'), { recursive: true, force: true });
      await this.#start();
    });
  }

  /**
   * Freezes the node with SIGSTOP: connections stay open, nothing is answered. Queued behind
   * the node's other lifecycle operations.
   * @throws `Error` when the node is stopped or disposed of.
   */
  pause(): Promise<void> {
    return this.#lifecycle.run(async () => {
      const proc = this.#runningProcess('pause');
      process.kill(proc.pid, 'SIGSTOP');
      this.#state = 'paused';
      await waitForProcState(proc.pid, (s) => s === 'T' || s === 't');
    });
  }

  /**
   * Thaws a node frozen by {@link RedisServer.pause}. Queued behind the node's other
   * lifecycle operations.
   * @throws `Error` when the node is stopped or disposed of.
   */
  resume(): Promise<void> {
    return this.#lifecycle.run(async () => {
      const proc = this.#runningProcess('resume');
      process.kill(proc.pid, 'SIGCONT');
      this.#state = 'running';
      await waitForProcState(proc.pid, (s) => s !== 'T' && s !== 't');
    });
  }

  /** The last lines of the node's log, for error messages. */
  async logTail(lines = 20): Promise<string> {
    try {
      const text = await readFile(this.#logFile(), 'utf8');
      return text.trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
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
      await this.#proxy?.close();
      await rm(this.dir, { recursive: true, force: true });
    });
  }

  async #start(): Promise<void> {
    this.#assertNotDisposed();
    await mkdir(join(this.dir, 'data'), { recursive: true });
    const args = serverArgs(this.#options, this.port, join(this.dir, 'data'), this.#logFile());
    const { clockRate, clockOffsetMs } = this.#options;
    const skewed = clockRate !== 1 || clockOffsetMs !== 0;
    const env = skewed
      ? { ...process.env, ...clockEnv(await buildClockShim(), clockRate, clockOffsetMs) }
      : undefined;
    const proc = spawnServer(this.#bin, args, env);
    this.#process = proc;
    this.#state = 'running';
    const deadline = performance.now() + this.#options.readyTimeoutMs;
    let impostor: number | undefined;
    while (performance.now() < deadline) {
      if (proc.hasExited()) break;
      if (await pingOnce(this.port, 500)) {
        // A server that took the port answers PING too: only the spawned process will do.
        const answering = await serverProcessId(this.port, 500);
        if (answering === proc.pid) return;
        impostor = answering;
        if (impostor !== undefined) break;
      }
      await sleep(POLL_MS);
    }
    const exited = proc.hasExited();
    if (!exited) await this.#kill();
    this.#markStopped();
    const why =
      impostor !== undefined
        ? `is answered by another process (pid ${impostor}, not the spawned ${proc.pid}): ` +
          'the port was taken, or `bin` is a wrapper that does not exec redis-server'
        : exited
          ? 'exited while starting'
          : `did not answer PING within ${this.#options.readyTimeoutMs} ms`;
    throw new RedisServerStartError(
      `redis-server on port ${this.port} ${why}; log tail:\n${await this.logTail()}`,
    );
  }

  async #kill(): Promise<void> {
    const proc = this.#process;
    if (proc !== undefined && !proc.hasExited()) {
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
    this.#markStopped();
  }

  async #stop(): Promise<void> {
    const proc = this.#process;
    if (proc === undefined || proc.hasExited()) return this.#markStopped();
    if (this.#state === 'paused') process.kill(proc.pid, 'SIGCONT');
    process.kill(proc.pid, 'SIGTERM');
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), STOP_GRACE_MS);
    await proc.exited;
    clearTimeout(timer);
    this.#markStopped();
  }

  #logFile(): string {
    return join(this.dir, 'redis.log');
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
    if (this.#state === 'disposed') {
      throw new Error(`node on port ${this.port} was disposed of`);
    }
  }
}

const START_ATTEMPTS = 5;

/**
 * Starts one `redis-server` on a free loopback port (or `options.port`) with a private temp
 * directory, and resolves once it answers PING. The server dies with the thread that starts
 * it, even under SIGKILL: a worker thread's nodes die when that worker ends (see
 * {@link startRedisNodes}).
 *
 * @example
 * ```ts
 * await using server = await startRedisServer({ persistence: 'aof-always' });
 * console.log(server.url);
 * ```
 * @throws RangeError or TypeError for bad options (before anything is spawned); rejects with
 *   a RangeError when `options.port` is taken, {@link RedisServerNotFoundError} without
 *   `redis-server`, {@link ClockShimBuildError} when a skewed clock needs a shim that cannot be
 *   built, {@link RedisServerStartError} when the node does not come up.
 */
export function startRedisServer(
  options?: RedisServerOptions & { readonly backend?: 'process' },
): Promise<RedisServer>;
/**
 * Starts one Redis server in a container (testcontainers, image `options.image`, default
 * `redis:7`), its port 6379 published on a free loopback port, once it logged
 * "Ready to accept connections" and answers PING. See {@link RedisContainer}.
 *
 * @example
 * ```ts
 * await using node = await startRedisServer({ backend: 'container' });
 * console.log(node.url, node.containerId);
 * ```
 * @throws RangeError or TypeError for bad options (clock skew needs the process backend);
 *   `Error` when testcontainers cannot be loaded; {@link RedisServerStartError} when the
 *   container does not come up.
 */
export function startRedisServer(
  options: RedisServerOptions & { readonly backend: 'container' },
): Promise<RedisContainer>;
/**
 * Starts one node on whichever backend `options.backend` names; with `'auto'`, a process
 * when `redis-server` is found, else a container when a container runtime is found.
 *
 * @example
 * ```ts
 * await using node = await startRedisServer({ backend: 'auto' });
 * console.log(node.backend); // 'process' or 'container'
 * ```
 * @throws Like the other forms; {@link NoRedisBackendError} at once when `'auto'` finds
 *   neither backend, saying what it tried and how to get either.
 */
export function startRedisServer(options?: RedisServerOptions): Promise<RedisNode>;
export async function startRedisServer(options?: RedisServerOptions): Promise<RedisNode> {
  const resolved = resolveServerOptions(options);
  if (resolved.backend === 'container') return startRedisContainer(resolved, resolved.image);
  if (resolved.backend === 'auto') {
    let bin: string;
    try {
      bin = findRedisServer(resolved.bin);
    } catch (error) {
      if (!(error instanceof RedisServerNotFoundError)) throw error;
      const runtime = findContainerRuntime();
      if (runtime.found !== undefined) return startRedisContainer(resolved, resolved.image);
      throw new NoRedisBackendError(
        `backend 'auto' found no way to run Redis. Tried the process backend: ${error.message} ` +
          `Tried the container backend: no container runtime (checked ${runtime.checked.join(', ')}). ` +
          HOW_TO_GET_CONTAINERS,
        { cause: error },
      );
    }
    return startProcessServer(resolved, bin);
  }
  return startProcessServer(resolved, findRedisServer(resolved.bin));
}

async function startProcessServer(
  resolved: ResolvedServerOptions,
  bin: string,
): Promise<RedisServer> {
  if (resolved.port !== undefined) await assertPortFree(resolved.port);
  // Runs beside the start, which it must never delay nor fail.
  const sweep = sweepDeadOwnersDirs();
  try {
    for (let attempt = 1; ; attempt++) {
      const port = resolved.port ?? (await findFreePort());
      const server = new RedisServer(resolved, bin, port, await makeNodeDir());
      try {
        await server.start();
        if (resolved.proxy) await server.attachProxy();
        return server;
      } catch (error) {
        await server[Symbol.asyncDispose]();
        // Another process may have taken a port chosen free a moment earlier: then pick
        // another. Any other failure (a bad argument, say) would fail again.
        const portTaken = await assertPortFree(port).then(
          () => false,
          () => true,
        );
        if (resolved.port !== undefined || !portTaken || attempt >= START_ATTEMPTS) throw error;
      }
    }
  } finally {
    await sweep;
  }
}
