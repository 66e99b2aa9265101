// F's measurement, run in a fresh process (see f-held.mjs): argv[2] is a JSON job, the result
// is printed as JSON on stdout.
import { subscribe } from 'node:diagnostics_channel';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redlock } from '@redquorum/redlock';
import { closeNodeRedis, connectNodeRedis } from '../clients.mjs';
import { commandCounts, resetStats, sentCalls } from '../redis-stats.mjs';

const MB = 1024 * 1024;
const { urls, locks: count, ttlMs, windowMs } = JSON.parse(process.argv[2]);

async function settledMemory() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await sleep(50);
  }
  return process.memoryUsage();
}

async function acquireAll(redlock) {
  const locks = new Array(count);
  let next = 0;
  const loop = async () => {
    while (next < count) {
      const i = next++;
      locks[i] = await redlock.acquire(`f:${urls.length}:${i}`, { autoExtend: true });
    }
  };
  await Promise.all(Array.from({ length: 64 }, loop));
  return locks;
}

const clients = await connectNodeRedis(urls);
const admins = await connectNodeRedis(urls);
try {
  let extensions = 0;
  let failedExtensions = 0;
  let lost = 0;
  subscribe('redquorum:extend', (event) => (event.ok ? extensions++ : failedExtensions++));
  subscribe('redquorum:lost', () => lost++);
  const redlock = new Redlock(clients, { ttlMs });
  const before = await settledMemory();
  const locks = await acquireAll(redlock);
  await resetStats(admins);
  extensions = 0;
  failedExtensions = 0;
  const t0 = performance.now();
  await sleep(windowMs);
  const counts = await commandCounts(admins);
  const seconds = (performance.now() - t0) / 1000;
  const after = await settledMemory();
  const held = locks.filter((lock) => lock.held).length;
  await Promise.all(locks.map((lock) => lock.release().catch(() => undefined)));
  const sent = sentCalls(counts);
  process.stdout.write(
    JSON.stringify({
      value: (after.rss - before.rss) / MB,
      heapMB: (after.heapUsed - before.heapUsed) / MB,
      locks: count,
      held,
      lost,
      failedExtensions,
      extensionsPerSecond: extensions / seconds,
      commandsPerSecond: sent / seconds,
      commandsPerExtension: sent / Math.max(1, extensions),
    }),
  );
} finally {
  await closeNodeRedis([...clients, ...admins]);
}
