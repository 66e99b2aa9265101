// Getting started: a lock on one Redis node, then the same code on five independent nodes.
// The nodes here come from @redquorum/testing; in production, use your own Redis servers.
import assert from 'node:assert/strict';
import { startRedisNodes } from '@redquorum/testing';
// #region imports
import { createClient } from 'redis';
import { Locker } from '@redquorum/core';
import { Redlock } from '@redquorum/redlock';
// #endregion imports

await using one = await startRedisNodes(1);
await using five = await startRedisNodes(5);
const [url] = one.urls;
assert.ok(url !== undefined);
const urls = five.urls;

// #region connect
// One client per node. `disableOfflineQueue: true`: while a node is down, fail commands at
// once; by default node-redis queues them and runs them when the node is back, late.
async function connect(url: string) {
  const client = createClient({ url, disableOfflineQueue: true });
  client.on('error', (error: unknown) => console.error(`redis ${url}:`, error));
  return client.connect();
}
// #endregion connect

// #region one-node
const client = await connect(url);
const locker = new Locker(client, { ttlMs: 10_000 });

// using(): acquire, auto-extend while the work runs, release whatever happens.
const total = await locker.using('orders:42', async (signal) => {
  signal.throwIfAborted(); // aborted (reason: a LockLostError) if the lock is lost
  return 42;
});
// #endregion one-node
assert.equal(total, 42);

// #region five-nodes
const clients = await Promise.all(urls.map(connect));
const redlock = new Redlock(clients, { ttlMs: 10_000 }); // the one line that changes

// The same calls as Locker; now a majority of the five nodes must agree.
const lock = await redlock.acquire('orders:42', { acquireTimeoutMs: 2_000 });
try {
  // Taken: another caller's tryAcquire() (one attempt, no waiting) resolves undefined.
  const second = await redlock.tryAcquire('orders:42');
  assert.equal(second, undefined);
  console.log(`held; valid for another ${Math.round(lock.validUntil - Date.now())} ms`);
} finally {
  await lock.release();
}

// Or released on scope exit:
{
  await using held = await redlock.acquire(['orders:42', 'invoices:7']);
  console.log('holding', held.resources.join(' and '));
}
// #endregion five-nodes
assert.equal(lock.held, false);
const again = await redlock.tryAcquire('orders:42');
assert.ok(again !== undefined, 'free again after release');
await again.release();

await Promise.all([client, ...clients].map((c) => c.quit()));
