// Connections for the contenders: every contender gets its own clients, and every client an
// error listener, so a frozen or killed node never crashes the benchmark.
import { Redis } from 'ioredis';
import { createClient } from 'redis';

/** Bound on one command for ioredis (it has none by default), equal to redquorum's default. */
export const IOREDIS_COMMAND_TIMEOUT_MS = 200;

/** One connected node-redis v4 client per url. */
export async function connectNodeRedis(urls) {
  return Promise.all(
    urls.map(async (url) => {
      const client = createClient({ url, disableOfflineQueue: true });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    }),
  );
}

/** One connected ioredis 5 client per url, with a command timeout. */
export async function connectIoredis(urls) {
  return Promise.all(
    urls.map(async (url) => {
      const client = new Redis(url, {
        lazyConnect: true,
        commandTimeout: IOREDIS_COMMAND_TIMEOUT_MS,
        maxRetriesPerRequest: 1,
      });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    }),
  );
}

/** Closes node-redis clients without waiting for replies a frozen node will not send. */
export async function closeNodeRedis(clients) {
  await Promise.all(clients.map((client) => client.disconnect().catch(() => undefined)));
}

/** Closes ioredis clients at once. */
export async function closeIoredis(clients) {
  for (const client of clients) client.disconnect();
}
