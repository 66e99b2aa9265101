// redquorum's Redlock, on node-redis v4 clients; coalescing on unless asked otherwise.
import { Redlock } from '@redquorum/redlock';
import { closeNodeRedis, connectNodeRedis } from '../clients.mjs';

export function redquorum({ coalesce = true } = {}) {
  return {
    id: coalesce ? 'redquorum' : 'redquorum-nocoalesce',
    label: coalesce ? 'redquorum Redlock' : 'redquorum Redlock (coalesce off)',
    packages: ['@redquorum/redlock', '@redquorum/core', 'redis'],
    nodeCounts: [1, 5],
    async create(urls, { ttlMs, acquireTimeoutMs }) {
      const clients = await connectNodeRedis(urls);
      const redlock = new Redlock(clients, { ttlMs, acquireTimeoutMs, coalesce });
      return {
        acquire: (key) => redlock.acquire(key),
        release: (lock) => lock.release(),
        close: () => closeNodeRedis(clients),
      };
    },
  };
}

export default redquorum();
