/**
 * Keys and arguments of one script call, in node-redis's shape (v4 to v6).
 * @category Options
 */
export interface ScriptCallOptions {
  /**
   * Where a cluster client routes a call without keys (a script load): the key whose slot's
   * master should get it. Standalone clients ignore it.
   */
  readonly routingKey?: string;
  /** KEYS, passed apart from ARGV so that a cluster client can route the call by hash slot. */
  readonly keys: string[];
  /** ARGV, as strings: the scripts parse numbers themselves. */
  readonly arguments: string[];
}

/**
 * The whole of what redquorum needs from a Redis client: run a script by hash, or by source.
 * node-redis clients (v4 to v6, standalone and cluster) have this shape already; ioredis-family
 * clients are adapted by `adaptClient` (`evalsha(sha, keys.length, ...keys, ...args)`); any
 * object of this shape may be passed as a client too. Replies are
 * `unknown` and parsed, never cast.
 * @category Options
 */
export interface RedisScriptClient {
  /** EVALSHA. Rejects with an error whose message starts with `NOSCRIPT` when unknown. */
  evalSha(sha1: string, options: ScriptCallOptions): Promise<unknown>;
  /** EVAL. */
  eval(script: string, options: ScriptCallOptions): Promise<unknown>;
}

/**
 * Whether `client` has the methods of {@link RedisScriptClient}.
 *
 * @example
 * ```ts
 * isScriptClient(createClient()); // true: node-redis clients have evalSha and eval
 * isScriptClient({}); // false
 * ```
 * @category Clients
 */
export function isScriptClient(client: unknown): client is RedisScriptClient {
  return (
    typeof client === 'object' &&
    client !== null &&
    'evalSha' in client &&
    typeof client.evalSha === 'function' &&
    'eval' in client &&
    typeof client.eval === 'function'
  );
}

/**
 * Whether `client` is a node-redis cluster client (v4 to v6), whose multi-key scripts need every key in
 * one hash slot.
 *
 * @example
 * ```ts
 * isClusterClient(createCluster({ rootNodes: [{ url }] })); // true
 * isClusterClient(createClient({ url })); // false
 * ```
 * @category Clients
 */
export function isClusterClient(client: RedisScriptClient): boolean {
  return 'getSlotMaster' in client && typeof client.getSlotMaster === 'function';
}
