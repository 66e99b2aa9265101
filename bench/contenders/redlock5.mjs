// node-redlock 5 beta on ioredis 5, retrying 200 ± 100 ms apart (its default).
import Redlock from 'redlock';
import { closeIoredis, connectIoredis } from '../clients.mjs';

export default {
  id: 'redlock5',
  label: 'redlock@5',
  packages: ['redlock', 'ioredis'],
  nodeCounts: [1, 5],
  async create(urls, { ttlMs, acquireTimeoutMs }) {
    const clients = await connectIoredis(urls);
    // Retries 200 ± 100 ms apart (the default) for as long as the others wait.
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
