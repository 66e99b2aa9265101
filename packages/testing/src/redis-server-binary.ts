import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Thrown when no `redis-server` executable can be found for the process backend.
 *
 * @example
 * ```ts
 * try {
 *   findRedisServer();
 * } catch (error) {
 *   if (!(error instanceof RedisServerNotFoundError)) throw error;
 *   console.warn(error.message); // says how to install one
 * }
 * ```
 * @category Setup
 */
export class RedisServerNotFoundError extends Error {
  /** Always `'RedisServerNotFoundError'`, so test failures name the cause plainly. */
  override readonly name = 'RedisServerNotFoundError';
  /** Stable code for programmatic checks. */
  readonly code = 'ERR_REDIS_SERVER_NOT_FOUND';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

const HOW_TO_GET_ONE =
  'Install it (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`), ' +
  "or point REDIS_SERVER_BIN at an executable, or use `backend: 'container'` (Docker).";

/**
 * An executable regular file (through symlinks). X_OK alone is not enough: a directory has
 * it too, and would fail only at spawn, with an empty log.
 */
function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the `redis-server` executable: an explicit path, then `REDIS_SERVER_BIN`, then `PATH`.
 *
 * @param explicit - A path given in the options, used as is when set.
 * @param env - The environment to read `REDIS_SERVER_BIN` and `PATH` from.
 * @returns The absolute path of an executable `redis-server`.
 * @example
 * ```ts
 * const bin = findRedisServer(); // REDIS_SERVER_BIN, else the first redis-server on PATH
 * await using server = await startRedisServer({ bin });
 * ```
 * @throws {@link RedisServerNotFoundError} when none is found, saying how to get one.
 * @category Setup
 */
export function findRedisServer(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = explicit ?? env['REDIS_SERVER_BIN'];
  if (configured !== undefined && configured !== '') {
    if (isExecutable(configured)) return configured;
    throw new RedisServerNotFoundError(
      `redis-server at ${configured} is not an executable file (from ${explicit === undefined ? 'REDIS_SERVER_BIN' : 'the bin option'}). ${HOW_TO_GET_ONE}`,
    );
  }
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'redis-server');
    if (isExecutable(candidate)) return candidate;
  }
  throw new RedisServerNotFoundError(`redis-server was not found on PATH. ${HOW_TO_GET_ONE}`);
}
