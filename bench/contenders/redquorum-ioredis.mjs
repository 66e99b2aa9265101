// redquorum's Redlock on ioredis 5 clients, connected exactly as redlock@5's and sesamecare's
// (bench/clients.mjs): the same client library, so the comparison with them is fair, and beside
// redquorum on node-redis it shows what the client costs.
import { Redlock } from '@redquorum/redlock';
import { closeIoredis, connectIoredis } from '../clients.mjs';

export default {
  id: 'redquorum-ioredis',
  label: 'redquorum Redlock (ioredis)',
  packages: ['@redquorum/redlock', '@redquorum/core', 'ioredis'],
  nodeCounts: [1, 5],
  async create(urls, { ttlMs, acquireTimeoutMs }) {
    const clients = await connectIoredis(urls);
    const redlock = new Redlock(clients, { ttlMs, acquireTimeoutMs });
    return {
      acquire: (key) => redlock.acquire(key),
      release: (lock) => lock.release(),
      close: () => closeIoredis(clients),
    };
  },
};
