import { chooseBackend } from './choose-backend.js';
import type { RedisContainer } from './container-server.js';
import type { RedisNode } from './redis-node.js';
import type { RedisServer } from './redis-server.js';
import { resolveServerOptions, type RedisServerOptions } from './server-options.js';
import { startProcessServer } from './start-process-server.js';
import { startRedisContainer } from './start-redis-container.js';

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
 * @category Nodes and faults
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
  const backend = chooseBackend(resolved);
  return backend.kind === 'container'
    ? startRedisContainer(resolved, resolved.image)
    : startProcessServer(resolved, backend.bin);
}
