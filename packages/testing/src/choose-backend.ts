import {
  findContainerRuntime,
  HOW_TO_GET_CONTAINERS,
  NoRedisBackendError,
} from './container-runtime.js';
import { findRedisServer, RedisServerNotFoundError } from './redis-server-binary.js';
import type { ResolvedServerOptions } from './server-options.js';

/** The backend a start runs on, `'auto'` resolved: a process (with its binary) or containers. */
export type ChosenBackend =
  { readonly kind: 'process'; readonly bin: string } | { readonly kind: 'container' };

/**
 * Resolves `options.backend`: `'auto'` takes the process backend when a `redis-server` is
 * found, else containers when a container runtime is found. Chosen once per start, so that
 * every node of a cluster runs on the same backend.
 * @throws {@link RedisServerNotFoundError} for `'process'` without `redis-server`;
 *   {@link NoRedisBackendError} when `'auto'` finds neither backend, saying what it tried.
 * @internal
 */
export function chooseBackend(options: ResolvedServerOptions): ChosenBackend {
  if (options.backend === 'container') return { kind: 'container' };
  if (options.backend === 'process') return { kind: 'process', bin: findRedisServer(options.bin) };
  try {
    return { kind: 'process', bin: findRedisServer(options.bin) };
  } catch (error) {
    if (!(error instanceof RedisServerNotFoundError)) throw error;
    const runtime = findContainerRuntime();
    if (runtime.found !== undefined) return { kind: 'container' };
    throw new NoRedisBackendError(
      `backend 'auto' found no way to run Redis. Tried the process backend: ${error.message} ` +
        `Tried the container backend: no container runtime (checked ${runtime.checked.join(', ')}). ` +
        HOW_TO_GET_CONTAINERS,
      { cause: error },
    );
  }
}
