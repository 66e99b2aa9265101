// redquorum's single-node Locker (N = 1 only), on a node-redis v4 client.
import { Locker } from '@redquorum/core';
import { closeNodeRedis, connectNodeRedis } from '../clients.mjs';

export default {
  id: 'redquorum-locker',
  label: 'redquorum Locker',
  packages: ['@redquorum/core', 'redis'],
  nodeCounts: [1],
  async create(urls, { ttlMs, acquireTimeoutMs }) {
    const clients = await connectNodeRedis(urls);
    const locker = new Locker(clients[0], { ttlMs, acquireTimeoutMs });
    return {
      acquire: (key) => locker.acquire(key),
      release: (lock) => lock.release(),
      close: () => closeNodeRedis(clients),
    };
  },
};
