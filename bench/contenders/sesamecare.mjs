// @sesamecare-oss/redlock (a maintained fork of node-redlock 5) on ioredis 5, default retries.
import { Redlock } from '@sesamecare-oss/redlock';
import { closeIoredis, connectIoredis } from '../clients.mjs';

export default {
  id: 'sesamecare',
  label: '@sesamecare-oss/redlock',
  packages: ['@sesamecare-oss/redlock', 'ioredis'],
  nodeCounts: [1, 5],
  async create(urls, { ttlMs, acquireTimeoutMs }) {
    const clients = await connectIoredis(urls);
    // Retries 200 ± 100 ms apart (the default) for as long as the others wait.
    const redlock = new Redlock(clients, { retryCount: Math.round(acquireTimeoutMs / 200) });
    redlock.on('error', () => undefined);
    return {
      acquire: (key) => redlock.acquire([key], ttlMs),
      release: (lock) => lock.release(),
      close: () => closeIoredis(clients),
    };
  },
};
