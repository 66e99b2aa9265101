import type { RedisScriptClient } from './script-client.js';

/**
 * An ioredis-family client (ioredis 5 and 6, `Redis` or `Cluster`, and iovalkey): scripts by
 * `evalsha(sha1, numkeys, ...keys, ...args)`. Only the methods redquorum calls are named.
 * @category Options
 */
export interface IoredisLikeClient {
  /** EVALSHA with the key count first, then the keys and arguments flat. */
  evalsha(sha1: string, numkeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  /** EVAL, the same way. */
  eval(script: string, numkeys: number, ...keysAndArgs: string[]): Promise<unknown>;
}

/**
 * Every client `Locker`, `Redlock` and the semaphores take, as the user holds it: a node-redis
 * v4, v5 or v6 client or cluster (RESP2 or RESP3), an ioredis 5 or 6 `Redis` or `Cluster`, an
 * iovalkey client, or any {@link RedisScriptClient} of your own. Each is recognised by its
 * methods (`evalSha` for node-redis, `evalsha` for the ioredis family) and wrapped in an
 * adapter; clients of different libraries can be mixed in one `Redlock`.
 * @category Options
 */
export type RedisClient = RedisScriptClient | IoredisLikeClient;
