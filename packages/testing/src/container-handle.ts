import { CONTAINER_PORT, containerArgs } from './container-args.js';
import type { DockerContainer, Testcontainers } from './container-runtime.js';
import { demultiplex, ignoreGone, ignoreNotRunning, isRunning } from './docker-replies.js';
import { RedisServerStartError } from './redis-server-start-error.js';
import type { ResolvedServerOptions } from './server-options.js';

const READY_LINE = 'Ready to accept connections';
const STOP_GRACE_S = 10;

/**
 * A cluster node's place: a network of its cluster's own, where its peers reach it, and the
 * name it has there. @internal
 */
export interface ContainerPlacement {
  readonly network: string;
  readonly alias: string;
}

/**
 * One container of the container backend, by the Docker calls a node makes on it. Each call
 * tolerates a container already stopped or removed: faults race with a test's own cleanup.
 * @internal
 */
export class ContainerHandle {
  readonly #tc: Testcontainers;

  private constructor(
    tc: Testcontainers,
    /** The container's ID. */
    readonly id: string,
  ) {
    this.#tc = tc;
  }

  /**
   * Creates and starts a container of `image` running the harness's server arguments, its
   * port 6379 published on loopback `port`, in `placement`'s network when given; resolves
   * once the server logged that it is ready.
   * @throws {@link RedisServerStartError} when the container does not start.
   */
  static async create(
    tc: Testcontainers,
    image: string,
    options: ResolvedServerOptions,
    port: number,
    placement: ContainerPlacement | undefined,
  ): Promise<ContainerHandle> {
    let builder = new tc.GenericContainer(image)
      .withCommand(containerArgs(options))
      .withExposedPorts({ container: CONTAINER_PORT, host: port })
      .withWaitStrategy(tc.Wait.forLogMessage(READY_LINE))
      .withStartupTimeout(options.readyTimeoutMs);
    if (placement !== undefined) {
      builder = builder.withNetworkMode(placement.network).withNetworkAliases(placement.alias);
    }
    try {
      return new ContainerHandle(tc, (await builder.start()).getId());
    } catch (error) {
      throw new RedisServerStartError(
        `container of ${image} on port ${port} did not start: ${String(error)}`,
        { cause: error },
      );
    }
  }

  /** `docker kill` (SIGKILL), then waits for the container to exit. */
  async kill(): Promise<void> {
    const docker = await this.#docker();
    if (!(await isRunning(docker))) return;
    await docker.kill({ signal: 'SIGKILL' }).catch(ignoreNotRunning);
    await docker.wait().catch(() => undefined);
  }

  /** `docker stop`: SIGTERM, SIGKILL after 10 s; thaws a `paused` container first. */
  async stop(paused: boolean): Promise<void> {
    const docker = await this.#docker();
    if (!(await isRunning(docker))) return;
    if (paused) await docker.unpause().catch(ignoreNotRunning);
    await docker.stop({ t: STOP_GRACE_S }).catch(ignoreNotRunning);
  }

  /** `docker start` of the stopped container. */
  async start(): Promise<void> {
    await (await this.#docker()).start();
  }

  /** `docker pause` (the cgroup freezer). */
  async pause(): Promise<void> {
    await (await this.#docker()).pause();
  }

  /** `docker unpause`. */
  async unpause(): Promise<void> {
    await (await this.#docker()).unpause();
  }

  /** `docker rm -f -v`. */
  async remove(): Promise<void> {
    await (await this.#docker()).remove({ force: true, v: true }).catch(ignoreGone);
  }

  /** The last `lines` lines of the container's log; `'(no log)'` when Docker has none. */
  async logTail(lines: number): Promise<string> {
    try {
      const docker = await this.#docker();
      const log = await docker.logs({ stdout: true, stderr: true, tail: lines, follow: false });
      return demultiplex(log).trimEnd();
    } catch {
      return '(no log)';
    }
  }

  /** The container's address on `network`; undefined while it is not running there. */
  async networkIp(network: string): Promise<string | undefined> {
    const ip = (await (await this.#docker()).inspect()).NetworkSettings.Networks[network]
      ?.IPAddress;
    return ip === undefined || ip === '' ? undefined : ip;
  }

  async #docker(): Promise<DockerContainer> {
    const client = await this.#tc.getContainerRuntimeClient();
    return client.container.getById(this.id);
  }
}
