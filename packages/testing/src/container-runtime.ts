import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Thrown by `backend: 'auto'` when neither backend can run: no `redis-server`, and no
 * container runtime (or no `testcontainers` package).
 *
 * @example
 * ```ts
 * await startRedisServer({ backend: 'auto' }).catch((error: unknown) => {
 *   if (error instanceof NoRedisBackendError) console.error(error.message); // what was tried
 *   throw error;
 * });
 * ```
 * @category Setup
 */
export class NoRedisBackendError extends Error {
  /** Always `'NoRedisBackendError'`, so test failures name the cause plainly. */
  override readonly name = 'NoRedisBackendError';
  /** Stable code for programmatic checks. */
  readonly code = 'ERR_NO_REDIS_BACKEND';
}

/**
 * The part of the `testcontainers` module the container backend uses. Declared here, not
 * imported as `typeof import('testcontainers')`: that package is an optional peer, and a
 * published declaration naming it fails to compile (TS2307) for every consumer without it.
 * The real module is assigned to this type where it is loaded, so the build checks that the
 * two still agree.
 * @internal
 */
export interface Testcontainers {
  readonly GenericContainer: new (image: string) => ContainerBuilder;
  readonly Wait: { forLogMessage(message: string): object };
  readonly Network: new () => { start(): Promise<StartedNetwork> };
  getContainerRuntimeClient(): Promise<{
    readonly container: { getById(id: string): DockerContainer };
  }>;
}

/** testcontainers' `GenericContainer`, the builder methods used. @internal */
export interface ContainerBuilder {
  withCommand(command: string[]): ContainerBuilder;
  withExposedPorts(...ports: { container: number; host: number }[]): ContainerBuilder;
  withWaitStrategy(strategy: object): ContainerBuilder;
  withStartupTimeout(ms: number): ContainerBuilder;
  withNetworkMode(networkMode: string): ContainerBuilder;
  withNetworkAliases(...aliases: string[]): ContainerBuilder;
  start(): Promise<StartedContainer>;
}

/** testcontainers' `StartedTestContainer`, as far as it is used. @internal */
export interface StartedContainer {
  getId(): string;
}

/** testcontainers' `StartedNetwork`, as far as it is used. @internal */
export interface StartedNetwork {
  getName(): string;
  stop(): Promise<unknown>;
}

/** The dockerode container handle testcontainers' runtime client gives out. @internal */
export interface DockerContainer {
  inspect(): Promise<{
    State: { Running: boolean };
    NetworkSettings: { Networks: Record<string, { IPAddress: string } | undefined> };
  }>;
  kill(options: { signal: string }): Promise<unknown>;
  wait(): Promise<unknown>;
  start(): Promise<unknown>;
  stop(options: { t: number }): Promise<unknown>;
  pause(): Promise<unknown>;
  unpause(): Promise<unknown>;
  logs(options: { stdout: boolean; stderr: boolean; tail: number; follow: false }): Promise<Buffer>;
  remove(options: { force: boolean; v: boolean }): Promise<unknown>;
}

/** How to get the container backend, for error messages. */
export const HOW_TO_GET_CONTAINERS =
  'For containers: run Docker (or Podman with its Docker socket), point DOCKER_HOST at it if ' +
  'it is not at /var/run/docker.sock, and `pnpm add -D testcontainers@~11.14.0`.';

/**
 * Where testcontainers looks for a container runtime, checked without importing it: an
 * environment variable, a `~/.testcontainers.properties`, or a well-known socket. Returns
 * what was found, or undefined and the places checked.
 * @internal
 */
export function findContainerRuntime(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): { found: string | undefined; checked: string[] } {
  const checked: string[] = [];
  for (const name of ['DOCKER_HOST', 'TESTCONTAINERS_HOST_OVERRIDE']) {
    checked.push(name);
    const value = env[name];
    if (value !== undefined && value !== '') return { found: `${name}=${value}`, checked };
  }
  const home = env['HOME'] ?? homedir();
  const runtimeDir = env['XDG_RUNTIME_DIR'];
  const paths = [
    join(home, '.testcontainers.properties'),
    '/var/run/docker.sock',
    join(home, '.docker', 'run', 'docker.sock'),
    join(home, '.docker', 'desktop', 'docker.sock'),
    ...(runtimeDir === undefined || runtimeDir === ''
      ? []
      : [join(runtimeDir, 'docker.sock'), join(runtimeDir, 'podman', 'podman.sock')]),
  ];
  for (const path of paths) {
    checked.push(path);
    if (exists(path)) return { found: path, checked };
  }
  return { found: undefined, checked };
}
