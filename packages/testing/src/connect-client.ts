import { createClient, type RedisClientOptions, type RedisClientType } from 'redis';

/**
 * Options of {@link RedisNodes.connect}.
 *
 * @example
 * ```ts
 * const clients = await nodes.connect({
 *   onError: (error, node) => console.warn(`node ${node}:`, error),
 *   maxReconnectDelayMs: 500,
 * });
 * ```
 * @category Nodes and faults
 */
export interface ConnectOptions {
  /**
   * Called with every client error (a killed node's connection reset, for instance). Such
   * errors are expected in fault tests; the commands in flight still reject on their own.
   * @defaultValue errors are dropped, so a killed node never crashes the test process
   */
  readonly onError?: (error: unknown, nodeIndex: number) => void;
  /**
   * Fail commands at once while disconnected instead of queueing them until the node is back.
   * A lock should not run an acquire minutes late, so this is on by default.
   * @defaultValue `true`
   */
  readonly disableOfflineQueue?: boolean;
  /** Longest pause between reconnection attempts. @defaultValue `200` */
  readonly maxReconnectDelayMs?: number;
}

/**
 * Connects one node-redis v4 client that survives its node dying: it has an error listener
 * and reconnects by itself with a short capped backoff.
 */
export async function connectClient(
  url: string,
  nodeIndex: number,
  options: ConnectOptions = {},
): Promise<RedisClientType> {
  const { onError, disableOfflineQueue = true, maxReconnectDelayMs = 200 } = options;
  const clientOptions: RedisClientOptions = {
    url,
    disableOfflineQueue,
    socket: {
      connectTimeout: 2_000,
      reconnectStrategy: (retries: number) => Math.min(10 * 2 ** retries, maxReconnectDelayMs),
    },
  };
  const client: RedisClientType = createClient(clientOptions) as RedisClientType;
  client.on('error', (error: unknown) => onError?.(error, nodeIndex));
  await client.connect();
  return client;
}

/** Closes a client whatever state its node is in, without waiting for replies. */
export async function closeClient(client: RedisClientType): Promise<void> {
  if (!client.isOpen) return;
  try {
    await client.disconnect();
  } catch {
    // Already closing: nothing left to release.
  }
}
