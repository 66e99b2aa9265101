import { ContainerHandle, type ContainerPlacement } from './container-handle.js';
import type { Testcontainers } from './container-runtime.js';
import type { LatencyOptions } from './fault-proxy.js';
import { LifecycleQueue } from './lifecycle-queue.js';
import { NodeFaults } from './node-faults.js';
import { resolveKeepData, type NodeState, type RestartOptions } from './node-state.js';
import { answersPingWithin } from './readiness.js';
import type { RedisNode } from './redis-node.js';
import { RedisServerStartError } from './redis-server-start-error.js';
import type { ResolvedServerOptions } from './server-options.js';

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
 * @category Nodes and faults
 */
export class RedisContainer implements RedisNode {
  /** Always `'container'`. */
  readonly backend = 'container' as const;
  readonly #tc: Testcontainers;
  readonly #options: ResolvedServerOptions;
  readonly #placement: ContainerPlacement | undefined;
  #container: ContainerHandle | undefined;
  #state: NodeState = 'stopped';
  readonly #faults = new NodeFaults();
  readonly #lifecycle = new LifecycleQueue();

  /** @internal Use {@link startRedisServer} with `backend: 'container'`. */
  constructor(
    tc: Testcontainers,
    options: ResolvedServerOptions,
    /** The image the container runs. */
    readonly image: string,
    /** The host loopback port mapped to the container's 6379, kept across restarts. */
    readonly port: number,
    placement?: ContainerPlacement,
  ) {
    this.#tc = tc;
    this.#options = options;
    this.#placement = placement;
  }

  /** Where clients connect: the fault proxy when the node has one, else the mapped port. */
  get url(): string {
    return this.#faults.url(this.serverUrl);
  }

  /** The server itself, `redis://127.0.0.1:<port>`, bypassing any proxy. */
  get serverUrl(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** The container's ID, or undefined before it is created or after disposal. */
  get containerId(): string | undefined {
    return this.#container?.id;
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

  /** @internal Puts a fault proxy in front of the node. */
  attachProxy(): Promise<void> {
    return this.#faults.attach(this.port);
  }

  /** Holds bytes to and from the node. @throws `Error` without `proxy: true`. */
  partition(): void {
    this.#faults.proxy('partition', this.port).partition();
  }

  /** Ends a partition. @throws `Error` without `proxy: true`. */
  heal(): void {
    this.#faults.proxy('heal', this.port).heal();
  }

  /** Adds latency in each direction. @throws `Error` without `proxy: true`. */
  latency(ms: number, options?: LatencyOptions): void {
    this.#faults.proxy('latency', this.port).latency(ms, options);
  }

  /** Drops every client connection. @throws `Error` without `proxy: true`. */
  reset(): void {
    this.#faults.proxy('reset', this.port).reset();
  }

  /** Crashes the node with `docker kill` (SIGKILL) and waits for the container to exit. */
  kill(): Promise<void> {
    return this.#lifecycle.run(() => this.#kill());
  }

  /** Shuts the node down gracefully (`docker stop`: SIGTERM, SIGKILL after 10 s). */
  stop(): Promise<void> {
    return this.#lifecycle.run(() => this.#stop());
  }

  /**
   * Starts the node again on the same host port, after stopping it if it runs: the same
   * container (`keepData: true`), or a fresh one (`keepData: false`).
   * @throws TypeError for a bad `keepData`; `Error` once disposed of;
   *   {@link RedisServerStartError} when the node does not come back.
   */
  async restart(options: RestartOptions = {}): Promise<void> {
    const keepData = resolveKeepData(options);
    return this.#lifecycle.run(async () => {
      this.#assertNotDisposed();
      await this.#stop();
      if (!keepData) {
        await this.#remove();
        return this.#start();
      }
      if (this.#container === undefined) return this.#start();
      await this.#container.start();
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
      await this.#runningContainer('pause').pause();
      this.#state = 'paused';
    });
  }

  /**
   * Thaws a container frozen by {@link RedisContainer.pause} (`docker unpause`).
   * @throws `Error` when the node is stopped or disposed of.
   */
  resume(): Promise<void> {
    return this.#lifecycle.run(async () => {
      await this.#runningContainer('resume').unpause();
      this.#state = 'running';
    });
  }

  /** The last lines of the container's log, for error messages. */
  async logTail(lines = 20): Promise<string> {
    return (await this.#container?.logTail(lines)) ?? '(no log)';
  }

  /**
   * @internal The container's address on its cluster's network, where its peers reach it;
   * undefined when it has no network or is not running.
   */
  async networkIp(): Promise<string | undefined> {
    const network = this.#placement?.network;
    if (network === undefined) return undefined;
    return this.#container?.networkIp(network);
  }

  /** Removes the container (and the proxy), after the operations already queued. Safe to call twice. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.#lifecycle.run(async () => {
      if (this.#state === 'disposed') return;
      await this.#remove();
      this.#state = 'disposed';
      await this.#faults.close();
    });
  }

  async #start(): Promise<void> {
    this.#assertNotDisposed();
    const { image, port } = this;
    this.#container = await ContainerHandle.create(
      this.#tc,
      image,
      this.#options,
      port,
      this.#placement,
    );
    this.#state = 'running';
    await this.#waitForPing();
  }

  async #kill(): Promise<void> {
    await this.#container?.kill();
    this.#markStopped();
  }

  async #stop(): Promise<void> {
    await this.#container?.stop(this.#state === 'paused');
    this.#markStopped();
  }

  async #remove(): Promise<void> {
    const container = this.#container;
    this.#container = undefined;
    await container?.remove();
    this.#markStopped();
  }

  #runningContainer(action: string): ContainerHandle {
    const container = this.#container;
    if (container === undefined || this.#state === 'stopped' || this.#state === 'disposed') {
      throw new Error(`cannot ${action} container node on port ${this.port}: it is ${this.#state}`);
    }
    return container;
  }

  async #waitForPing(): Promise<void> {
    const { readyTimeoutMs } = this.#options;
    if (await answersPingWithin(this.port, readyTimeoutMs)) return;
    throw new RedisServerStartError(
      `container node on port ${this.port} did not answer PING within ${readyTimeoutMs} ms; log tail:\n${await this.logTail()}`,
    );
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
