// G: semaphores at limit 4, 64 loops on one resource: cycles/s, and over-admission — how many
// acquisitions resolved while `limit` holders of this process already held a permit (each loop
// holds from its acquire's resolution to its release call; one event loop, so the count is
// exact). redquorum's Semaphore/RedlockSemaphore against redis-semaphore's Semaphore and
// RedlockSemaphore, whose Redlock variant counts holders on each node (see the safety guide).
import { Semaphore } from '@redquorum/core';
import { RedlockSemaphore } from '@redquorum/redlock';
import {
  RedlockSemaphore as PeerRedlockSemaphore,
  Semaphore as PeerSemaphore,
} from 'redis-semaphore';
import { closeIoredis, closeNodeRedis, connectIoredis, connectNodeRedis } from '../clients.mjs';
import { interleave, median, runLoops } from '../measure.mjs';

const LIMIT = 4;
const LOOPS = 64;

const contenders = [
  {
    id: 'redquorum-semaphore',
    label: 'redquorum Semaphore / RedlockSemaphore',
    async create(urls, { ttlMs, acquireTimeoutMs }) {
      const clients = await connectNodeRedis(urls);
      const options = { limit: LIMIT, ttlMs, acquireTimeoutMs };
      const semaphore =
        urls.length === 1
          ? new Semaphore(clients[0], options)
          : new RedlockSemaphore(clients, options);
      return {
        acquire: (key) => semaphore.acquire(key),
        release: (lock) => lock.release(),
        close: () => closeNodeRedis(clients),
      };
    },
  },
  {
    id: 'redis-semaphore',
    label: 'redis-semaphore Semaphore / RedlockSemaphore',
    async create(urls, { ttlMs, acquireTimeoutMs }) {
      const clients = await connectIoredis(urls);
      const options = { lockTimeout: ttlMs, acquireTimeout: acquireTimeoutMs, retryInterval: 5 };
      const make =
        urls.length === 1
          ? (key) => new PeerSemaphore(clients[0], key, LIMIT, options)
          : (key) => new PeerRedlockSemaphore(clients, key, LIMIT, options);
      return {
        async acquire(key) {
          const semaphore = make(key);
          await semaphore.acquire();
          return semaphore;
        },
        release: (semaphore) => semaphore.release(),
        close: () => closeIoredis(clients),
      };
    },
  },
];

export default {
  id: 'G',
  title: `semaphores, limit ${LIMIT}, ${LOOPS} loops on one resource`,
  metric: 'cycles/s',
  nodeCounts: [1, 5],
  async run(ctx) {
    const chosen = ctx.onlyContenders
      ? contenders.filter((c) => ctx.onlyContenders.some((id) => c.id.startsWith(id)))
      : contenders;
    const instances = new Map();
    for (const contender of chosen) {
      instances.set(contender.id, await contender.create(ctx.urls, ctx.options));
    }
    try {
      const window = async (contender, windowMs, rep) => {
        const instance = instances.get(contender.id);
        const key = `g:${contender.id}:${rep}`;
        let active = 0;
        let peak = 0;
        let over = 0;
        const result = await runLoops(LOOPS, windowMs, async () => {
          let held;
          try {
            held = await instance.acquire(key);
          } catch {
            return false;
          }
          active++;
          if (active > LIMIT) over++;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setImmediate(resolve)); // the protected work
          active--;
          await instance.release(held).catch(() => undefined);
        });
        return { ...result, peak, over };
      };
      for (const contender of chosen) await window(contender, ctx.warmupMs, 'warm');
      const reps = await interleave(chosen, ctx.reps, (contender, rep) =>
        window(contender, ctx.windowMs, rep),
      );
      return Object.fromEntries(
        Object.entries(reps).map(([id, runs]) => [
          id,
          {
            value: median(runs.map((r) => r.perSecond)),
            peak: Math.max(...runs.map((r) => r.peak)),
            overAdmissions: runs.reduce((a, r) => a + r.over, 0),
            acquisitions: runs.reduce((a, r) => a + r.cycles, 0),
          },
        ]),
      );
    } finally {
      await Promise.all([...instances.values()].map((instance) => instance.close()));
    }
  },
};
