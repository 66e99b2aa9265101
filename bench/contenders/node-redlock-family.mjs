// node-redlock 5 and its maintained fork share an API: one contender shape for both, on
// ioredis 5, retrying 200 ± 100 ms apart (their default) for as long as the others wait.
import { closeIoredis, connectIoredis } from '../clients.mjs';

export function nodeRedlockContender({ id, label, packages, Redlock }) {
  return {
    id,
    label,
    packages,
    nodeCounts: [1, 5],
    async create(urls, { ttlMs, acquireTimeoutMs }) {
      const clients = await connectIoredis(urls);
      const redlock = new Redlock(clients, { retryCount: Math.round(acquireTimeoutMs / 200) });
      // Every vote against is emitted as 'error'; without a listener that would throw.
      redlock.on('error', () => undefined);
      return {
        acquire: (key) => redlock.acquire([key], ttlMs),
        release: (lock) => lock.release(),
        close: () => closeIoredis(clients),
      };
    },
  };
}
