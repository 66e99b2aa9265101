import { setTimeout as sleep } from 'node:timers/promises';
import { FaultProxy, type LatencyOptions } from './fault-proxy.js';
import { assertPortFree, findFreePort } from './free-port.js';
import { pingOnce } from './ping.js';
import type { RedisNode } from './redis-node.js';
import { RedisServerStartError, type NodeState, type RestartOptions } from './redis-server.js';
import { serverArgs, type ResolvedServerOptions } from './server-options.js';
import {
  HOW_TO_GET_CONTAINERS,
  type DockerContainer,
  type StartedContainer,
  type Testcontainers,
} from './container-runtime.js';
import { LifecycleQueue } from './lifecycle-queue.js';

const CONTAINER_PORT = 6379;
const READY_LINE = 'Ready to accept connections';
const STOP_GRACE_S = 10;
const POLL_MS = 5;

/** Loads testcontainers on first use only, so the process backend never needs it. */
async function loadTestcontainers(): Promise<Testcontainers> {
  try {
    return await import('testcontainers');
  } catch (error) {
    throw new Error(
      `backend 'container' needs the testcontainers package, which could not be loaded. ${HOW_TO_GET_CONTAINERS}`,
      { cause: error },
    );
  }
}

/** The harness's server arguments, adapted to a container: all interfaces, log to stdout. */
function containerArgs(options: ResolvedServerOptions): string[] {
  const args = serverArgs(options, CONTAINER_PORT, '/data', '');
  const set = (flag: string, value: string): void => {
    const index = args.indexOf(flag);
    if (index >= 0) args[index + 1] = value;
  };
  // Port mapping reaches the server through the container's own interface, not its loopback.
  set('--bind', '0.0.0.0');
  set('--enable-debug-command', 'yes');
  return ['redis-server', ...args.slice(0, 4), '--protected-mode', 'no', ...args.slice(4)];
}

/**
 * One Redis server in a container (testcontainers), its port 6379 published on a fixed
 * loopback port of the host. Created by `startRedisServer({ backend: 'container' })`;
 * `await using` removes the container.
 *
 * `restart()` stops the container and starts the same one again (its data directory is in
 * the container's writable layer, so `keepData: true` keeps the AOF); the host port is bound
 * explicitly, so it stays the same. `restart({ keepData: false })` removes the container and
 * creates a fresh one on the same host port. `pause()` and `resume()` use the container
 * runtime's pause (the cgroup freezer). There is no PID: `pid` is always undefined. Lifecycle
 * operations are queued, each after those called before it, as on {@link RedisServer}.
 *
 * @example
 * ```ts
 * await using node = await startRedisServer({ backend: 'container', image: 'redis:7' });
 * await node.pause(); // docker pause
 * await node.resume();
 * await node.restart(); // same container, same port
 * ```
 */
export class RedisContainer implements RedisNode {
  /** Always `'container'`. */
  readonly backend = 'container' as const;
  readonly #tc: Testcontainers;
  readonly #options: ResolvedServerOptions;
  #container: StartedContainer | undefined;
  #state: NodeState = 'stopped';
  #proxy: FaultProxy | undefined;
  readonly #lifecycle = new LifecycleQueue();

  /** @internal Use {@link startRedisServer} with `backend: 'container'`. */
  constructor(
    tc: Testcontainers,
    options: ResolvedServerOptions,
    /** The image the container runs. */
    readonly image: string,
    /** The host loopback port mapped to the container's 6379, kept across restarts. */
    readonly port: number,
  ) {
    this.#tc = tc;
    this.#options = options;
  }

  /** Where clients connect: the fault proxy when the node has one, else the mapped port. */
  get url(): string {
    return this.#proxy === undefined ? this.serverUrl : `redis://127.0.0.1:${this.#proxy.port}`;
  }

  /** The server itself, `redis://127.0.0.1:<port>`, bypassing any proxy. */
  get serverUrl(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** The container's ID, or undefined before it is created or after disposal. */
  get containerId(): string | undefined {
    return this.#container?.getId();
  }

  /** Always undefined: the server runs in a container. */
  get pid(): number | undefined {
    return undefined;
  }

  /** Whether the node is running, paused (container paused), stopped or disposed of. */
  get state(): NodeState {
    return this.#state;
  }

  /** @internal Creates and starts the container; resolves on its ready log line. */
  start(): Promise<void> {
    return this.#lifecycle.run(() => this.#start());
  }

  async #start(): Promise<void> {
    this.#assertNotDisposed();
    const { GenericContainer, Wait } = this.#tc;
    try {
      this.#container = await new GenericContainer(this.image)
        .withCommand(containerArgs(this.#options))
        .withExposedPorts({ container: CONTAINER_PORT, host: this.port })
        .withWaitStrategy(Wait.forLogMessage(READY_LINE))
        .withStartupTimeout(this.#options.readyTimeoutMs)
        .start();
    } catch (error) {
      throw new RedisServerStartError(
        `container of ${this.image} on port ${this.port} did not start: ${String(error)}`,
        { cause: error },
      );
    }
    this.#state = 'running';
    await this.#waitForPing();
  }

  /** @internal Puts a fault proxy in front of the node. */
  async attachProxy(): Promise<void> {
    this.#proxy ??= await FaultProxy.start(this.port);
  }

  /** Holds bytes to and from the node. @throws `Error` without `proxy: true`. */
  partition(): void {
    this.#faults('partition').partition();
  }

  /** Ends a partition. @throws `Error` without `proxy: true`. */
  heal(): void {
    this.#faults('heal').heal();
  }

  /** Adds latency in each direction. @throws `Error` without `proxy: true`. */
  latency(ms: number, options?: LatencyOptions): void {
    this.#faults('latency').latency(ms, options);
  }

  /** Drops every client connection. @throws `Error` without `proxy: true`. */
  reset(): void {
    this.#faults('reset').reset();
  }

  /** Crashes the node with `docker kill` (SIGKILL) and waits for the container to exit. */
  kill(): Promise<void> {
    return this.#lifecycle.run(() => this.#kill());
  }

  async #kill(): Promise<void> {
    const docker = await this.#docker();
    if (docker !== undefined && (await isRunning(docker))) {
      await docker.kill({ signal: 'SIGKILL' }).catch(ignoreNotRunning);
      await docker.wait().catch(() => undefined);
    }
    this.#markStopped();
  }

  /** Shuts the node down gracefully (`docker stop`: SIGTERM, SIGKILL after 10 s). */
  stop(): Promise<void> {
    return this.#lifecycle.run(() => this.#stop());
  }

  async #stop(): Promise<void> {
    const docker = await this.#docker();
    if (docker !== undefined && (await isRunning(docker))) {
      if (this.#state === 'paused') await docker.unpause().catch(ignoreNotRunning);
      await docker.stop({ t: STOP_GRACE_S }).catch(ignoreNotRunning);
    }
    this.#markStopped();
  }

  /**
   * Starts the node again on the same host port, after stopping it if it runs: the same
   * container (`keepData: true`), or a fresh one (`keepData: false`).
   * @throws TypeError for a bad `keepData`; `Error` once disposed of;
   *   {@link RedisServerStartError} when the node does not come back.
   */
  async restart(options: RestartOptions = {}): Promise<void> {
    const { keepData = true } = options;
    if (typeof keepData !== 'boolean') throw new TypeError('options.keepData must be a boolean');
    return this.#lifecycle.run(async () => {
      this.#assertNotDisposed();
      await this.#stop();
      if (!keepData) {
        await this.#remove();
        await this.#start();
        return;
      }
      const docker = await this.#docker();
      if (docker === undefined) return this.#start();
      await docker.start();
      this.#state = 'running';
      await this.#waitForPing();
    });
  }

  /**
   * Freezes the container (`docker pause`): connections stay open, nothing is answered.
   * @throws `Error` when the node is stopped or disposed of.
   */
  pause(): Promise<void> {
    return this.#lifecycle.run(async () => {
      const docker = await this.#runningContainer('pause');
      await docker.pause();
      this.#state = 'paused';
    });
  }

  /**
   * Thaws a container frozen by {@link RedisContainer.pause} (`docker unpause`).
   * @throws `Error` when the node is stopped or disposed of.
   */
  resume(): Promise<void> {
    return this.#lifecycle.run(async () => {
      const docker = await this.#runningContainer('resume');
      await docker.unpause();
      this.#state = 'running';
    });
  }

  /** The last lines of the container's log, for error messages. */
  async logTail(lines = 20): Promise<string> {
    const docker = await this.#docker();
    if (docker === undefined) return '(no log)';
    try {
      const buffer = await docker.logs({ stdout: true, stderr: true, tail: lines, follow: false });
      // Without a TTY the stream is multiplexed: 8-byte frame headers before each chunk.
      return demultiplex(buffer).trimEnd();
    } catch {
      return '(no log)';
    }
  }

  /** Removes the container (and the proxy), after the operations already queued. Safe to call twice. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.#lifecycle.run(async () => {
      if (this.#state === 'disposed') return;
      await this.#remove();
      this.#state = 'disposed';
      await this.#proxy?.close();
    });
  }

  async #remove(): Promise<void> {
    const docker = await this.#docker();
    this.#container = undefined;
    if (docker !== undefined) await docker.remove({ force: true, v: true }).catch(ignoreGone);
    this.#markStopped();
  }

  async #docker(): Promise<DockerContainer | undefined> {
    const id = this.#container?.getId();
    if (id === undefined) return undefined;
    const client = await this.#tc.getContainerRuntimeClient();
    return client.container.getById(id);
  }

  async #runningContainer(action: string): Promise<DockerContainer> {
    const docker = await this.#docker();
    if (docker === undefined || this.#state === 'stopped' || this.#state === 'disposed') {
      throw new Error(`cannot ${action} container node on port ${this.port}: it is ${this.#state}`);
    }
    return docker;
  }

  async #waitForPing(): Promise<void> {
    const deadline = performance.now() + this.#options.readyTimeoutMs;
    while (performance.now() < deadline) {
      if (await pingOnce(this.port, 500)) return;
      await sleep(POLL_MS);
    }
    throw new RedisServerStartError(
      `container node on port ${this.port} did not answer PING within ${this.#options.readyTimeoutMs} ms; log tail:\n${await this.logTail()}`,
    );
  }

  #faults(action: string): FaultProxy {
    if (this.#proxy === undefined) {
      throw new Error(`cannot ${action} node on port ${this.port}: start it with proxy: true`);
    }
    return this.#proxy;
  }

  #markStopped(): void {
    if (this.#state !== 'disposed') this.#state = 'stopped';
  }

  #assertNotDisposed(): void {
    if (this.#state === 'disposed') {
      throw new Error(`container node on port ${this.port} was disposed of`);
    }
  }
}

async function isRunning(docker: DockerContainer): Promise<boolean> {
  try {
    return (await docker.inspect()).State.Running;
  } catch {
    return false;
  }
}

function statusOf(error: unknown): number | undefined {
  const code = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** Docker answers 304 or 409 when the container is already stopped. */
function ignoreNotRunning(error: unknown): void {
  const status = statusOf(error);
  if (status !== 304 && status !== 409) throw error;
}

/** Docker answers 404 for a container already removed, 409 for one being removed. */
function ignoreGone(error: unknown): void {
  const status = statusOf(error);
  if (status !== 404 && status !== 409) throw error;
}

function demultiplex(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length && buffer[offset + 1] === 0) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return parts.length > 0 ? Buffer.concat(parts).toString('utf8') : buffer.toString('utf8');
}

/**
 * Starts one container node (see {@link RedisContainer}) on a free loopback port (or
 * `options.port`), resolving once the server logged that it is ready and answers PING.
 * @internal
 */
export async function startRedisContainer(
  options: ResolvedServerOptions,
  image: string,
): Promise<RedisContainer> {
  if (options.clockRate !== 1 || options.clockOffsetMs !== 0) {
    throw new RangeError("options.clockRate and options.clockOffsetMs need backend 'process'");
  }
  const tc = await loadTestcontainers();
  if (options.port !== undefined) await assertPortFree(options.port);
  const port = options.port ?? (await findFreePort());
  const node = new RedisContainer(tc, options, image, port);
  try {
    await node.start();
    if (options.proxy) await node.attachProxy();
    return node;
  } catch (error) {
    await node[Symbol.asyncDispose]().catch(() => undefined);
    throw error;
  }
}
