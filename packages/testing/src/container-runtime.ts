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
 */
export class NoRedisBackendError extends Error {
  /** Always `'NoRedisBackendError'`, so test failures name the cause plainly. */
  override readonly name = 'NoRedisBackendError';
  /** Stable code for programmatic checks. */
  readonly code = 'ERR_NO_REDIS_BACKEND';
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
