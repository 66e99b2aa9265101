// One demo worker: its own Redlock and connections, contending for a few shared resources.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  exponentialBackoff,
  LockAcquireError,
  Redlock,
} from '../../packages/redlock/dist/index.js';

/** Runs until `stop.aborted`; every hold goes into `history`, every outcome into `stats`. */
export async function runWorker({ name, nodes, resources, random, history, stats, stop }) {
  const clients = await nodes.connect();
  const redlock = new Redlock(clients, {
    ttlMs: 2_000,
    nodeTimeoutMs: 100,
    acquireTimeoutMs: 1_500,
    retry: exponentialBackoff({ initialMs: 2, maxMs: 50 }),
    fencing: true,
  });
  while (!stop.aborted) {
    const resource = resources[Math.floor(random() * resources.length)];
    const t0 = performance.now();
    let lock;
    try {
      lock = await redlock.acquire(resource);
    } catch (error) {
      const reason = error instanceof LockAcquireError ? error.reason : 'error';
      stats.failures.set(reason, (stats.failures.get(reason) ?? 0) + 1);
      continue;
    }
    stats.latencies.push(performance.now() - t0);
    stats.acquisitions += 1;
    stats.maxFence = lock.fence > stats.maxFence ? lock.fence : stats.maxFence;
    stats.holders.add(name);
    const done = history.track(lock, name);
    await sleep(2 + random() * 10);
    stats.holders.delete(name);
    done();
    // A release no node confirmed (a node down, the others slow) leaves keys to their ttl.
    await lock.release().catch((error) => {
      stats.releaseErrors.set(error.name, (stats.releaseErrors.get(error.name) ?? 0) + 1);
    });
  }
}
