// The semaphores of scenario G: redquorum's Semaphore/RedlockSemaphore against redis-semaphore's
// Semaphore/RedlockSemaphore (whose Redlock variant counts holders on each node: see the safety
// guide). Each instance also says what it holds, for the permit checker: the permit's resource
// (`<semaphore>:<slot>`) and its validity's end, given when the acquisition resolved.
import { Semaphore } from '@redquorum/core';
import { RedlockSemaphore } from '@redquorum/redlock';
import {
  RedlockSemaphore as PeerRedlockSemaphore,
  Semaphore as PeerSemaphore,
} from 'redis-semaphore';
import { closeIoredis, closeNodeRedis, connectIoredis, connectNodeRedis } from '../clients.mjs';

export const semaphoreContenders = [
  {
    id: 'redquorum-semaphore',
    label: 'redquorum Semaphore / RedlockSemaphore',
    async create(urls, { limit, ttlMs, acquireTimeoutMs }) {
      const clients = await connectNodeRedis(urls);
      const options = { limit, ttlMs, acquireTimeoutMs };
      const semaphore =
        urls.length === 1
          ? new Semaphore(clients[0], options)
          : new RedlockSemaphore(clients, options);
      return {
        acquire: (key) => semaphore.acquire(key),
        release: (lock) => lock.release(),
        // One permit, one slot: `resources` is `[<key>:<slot>]`.
        held: (lock) => ({ resource: lock.resources[0], validUntil: lock.validUntil }),
        close: () => closeNodeRedis(clients),
      };
    },
  },
  {
    id: 'redis-semaphore',
    label: 'redis-semaphore Semaphore / RedlockSemaphore',
    async create(urls, { limit, ttlMs, acquireTimeoutMs }) {
      const clients = await connectIoredis(urls);
      // Its default onLockLost throws from a timer, an unhandled rejection that would end the
      // bench: holds here are far shorter than a refresh interval, so none is expected.
      const options = {
        lockTimeout: ttlMs,
        acquireTimeout: acquireTimeoutMs,
        retryInterval: 5,
        onLockLost: () => undefined,
      };
      const make =
        urls.length === 1
          ? (key) => new PeerSemaphore(clients[0], key, limit, options)
          : (key) => new PeerRedlockSemaphore(clients, key, limit, options);
      return {
        async acquire(key) {
          const semaphore = make(key);
          await semaphore.acquire();
          return { semaphore, key };
        },
        release: ({ semaphore }) => semaphore.release(),
        // No slots and no validity: every hold is recorded on slot 0 (the checker counts each
        // hold as a permit, whatever its slot), valid for lockTimeout from the acquisition's
        // end (generous: its entries were scored at the attempt's start).
        held: ({ key }, acquiredAt) => ({ resource: `${key}:0`, validUntil: acquiredAt + ttlMs }),
        close: () => closeIoredis(clients),
      };
    },
  },
];
