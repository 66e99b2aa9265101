// redis-semaphore on ioredis 5: RedlockMutex over N nodes, Mutex on one; default refresh on.
import { Mutex, RedlockMutex } from 'redis-semaphore';
import { closeIoredis, connectIoredis } from '../clients.mjs';

export default {
  id: 'redis-semaphore',
  label: 'redis-semaphore',
  packages: ['redis-semaphore', 'ioredis'],
  nodeCounts: [1, 5],
  // Its acquire is a plain SET NX PX; release is a script.
  directCommands: ['set'],
  async create(urls, { ttlMs, acquireTimeoutMs }) {
    const clients = await connectIoredis(urls);
    const options = { lockTimeout: ttlMs, acquireTimeout: acquireTimeoutMs };
    const make =
      clients.length === 1
        ? (key) => new Mutex(clients[0], key, options)
        : (key) => new RedlockMutex(clients, key, options);
    return {
      async acquire(key) {
        const mutex = make(key);
        await mutex.acquire();
        return mutex;
      },
      release: (mutex) => mutex.release(),
      close: () => closeIoredis(clients),
    };
  },
};
