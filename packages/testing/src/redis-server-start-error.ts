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
 * @category Setup
 */
export class RedisServerStartError extends Error {
  /** Always `'RedisServerStartError'`, so test failures name the cause plainly. */
  override readonly name = 'RedisServerStartError';
  /** Stable code for programmatic checks. */
  readonly code = 'ERR_REDIS_SERVER_START';
}
