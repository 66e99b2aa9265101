// The floor (see ../floor.mjs). Under contention it retries every 10 ms until the timeout.
import { setTimeout as sleep } from 'node:timers/promises';
import { closeNodeRedis, connectNodeRedis } from '../clients.mjs';
import { Floor } from '../floor.mjs';

export default {
  id: 'floor',
  label: 'floor (node-redis EVALSHA)',
  packages: ['redis'],
  nodeCounts: [1, 5],
  async create(urls, { ttlMs, acquireTimeoutMs }) {
    const clients = await connectNodeRedis(urls);
    const floor = new Floor(clients);
    await floor.load();
    return {
      async acquire(key) {
        const deadline = performance.now() + acquireTimeoutMs;
        for (;;) {
          const token = await floor.acquire(key, ttlMs);
          if (token !== undefined) return { key, token };
          if (performance.now() + 10 >= deadline) throw new Error(`floor: ${key} timed out`);
          await sleep(10);
        }
      },
      release: (lock) => floor.release(lock.key, lock.token),
      close: () => closeNodeRedis(clients),
    };
  },
};
