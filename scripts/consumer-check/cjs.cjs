// A CommonJS consumer: require() of the ESM packages (Node >= 20.19 loads them synchronously).
const assert = require('node:assert/strict');
const { createClient } = require('redis');
const { Locker } = require('@redquorum/core');
const { LockEngine } = require('@redquorum/core/backend');
assert.equal(typeof LockEngine, 'function');
const { Redlock, LockAcquireError } = require('@redquorum/redlock');
const { startRedisNodes } = require('@redquorum/testing');

async function main() {
  const nodes = await startRedisNodes(3);
  const clients = await Promise.all(nodes.urls.map((url) => createClient({ url }).connect()));
  try {
    const locker = new Locker(clients[0], { ttlMs: 5_000, keyPrefix: 'app:lock:' });
    const lock = await locker.acquire('cjs');
    assert.equal(await clients[0].get('app:lock:cjs'), lock.token);
    await lock.release();

    const redlock = new Redlock(clients, { ttlMs: 5_000 });
    const quorumLock = await redlock.acquire('cjs');
    assert.equal(await redlock.tryAcquire('cjs'), undefined);
    await assert.rejects(redlock.acquire('cjs', { acquireTimeoutMs: 50 }), LockAcquireError);
    await quorumLock.release();
  } finally {
    await Promise.all(clients.map((client) => client.quit()));
    await nodes[Symbol.asyncDispose]();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
