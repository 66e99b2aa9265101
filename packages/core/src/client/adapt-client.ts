import { ioredisAdapter } from './adapters/ioredis-adapter.js';
import { nodeRedisAdapter } from './adapters/node-redis-adapter.js';
import type { ClientAdapter } from './client-adapter.js';
import type { IoredisLikeClient } from './redis-client.js';
import { isScriptClient } from './script-client.js';

function hasFunction(client: object, name: string): boolean {
  return name in client && typeof (client as Record<string, unknown>)[name] === 'function';
}

/**
 * Whether `client` is of the ioredis family (ioredis 5 or 6, iovalkey): `evalsha`, lowercase.
 * @category Clients
 */
export function isIoredisLike(client: unknown): client is IoredisLikeClient {
  return (
    typeof client === 'object' &&
    client !== null &&
    hasFunction(client, 'evalsha') &&
    hasFunction(client, 'eval') &&
    !hasFunction(client, 'evalSha')
  );
}

/**
 * node_redis v3 and older: lowercase `evalsha` like ioredis, but callbacks instead of promises
 * (its `send_command` gives it away; ioredis has `sendCommand` and a `status`).
 */
function isNodeRedisV3(client: unknown): boolean {
  return (
    typeof client === 'object' &&
    client !== null &&
    hasFunction(client, 'send_command') &&
    !('status' in client)
  );
}

/**
 * Wraps a user's client in the adapter of its library, recognised by its methods: `evalSha`
 * and `eval` (node-redis v4 to v6, standalone or cluster, or a `RedisScriptClient` of the
 * user's), or `evalsha` and `eval` (ioredis 5 and 6, iovalkey). Detection by shape, not by
 * `instanceof`: an application may hold two copies of a library, or a version we never saw,
 * and the methods redquorum calls are what matters.
 *
 * @example
 * ```ts
 * adaptClient(createClient()).family; // 'node-redis'
 * adaptClient(new Redis()).family; // 'ioredis'
 * adaptClient({}, 'clients[2]'); // TypeError: clients[2] must be a Redis client …
 * ```
 * @throws TypeError naming `name` when `client` is none of these.
 * @category Clients
 */
export function adaptClient(client: unknown, name = 'client'): ClientAdapter {
  if (isScriptClient(client)) return nodeRedisAdapter(client);
  if (isNodeRedisV3(client)) {
    throw new TypeError(
      `${name} is a node_redis v3 (or older) client, whose commands take callbacks: upgrade to node-redis v4 or later, or use ioredis`,
    );
  }
  if (isIoredisLike(client)) return ioredisAdapter(client);
  throw new TypeError(
    `${name} must be a Redis client: node-redis v4 to v6 (client or cluster), ioredis 5 or 6 (Redis or Cluster), iovalkey, or an object with evalSha and eval`,
  );
}
