// An ESM consumer in plain JavaScript, with clients it creates from its own `redis`.
// No `await using`: Node 20 cannot parse it.
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { Locker, LockAcquireError, noRetry } from '@redquorum/core';
import { LockEngine, SingleNodeBackend, resolveOptions } from '@redquorum/core/backend';
import { Redlock } from '@redquorum/redlock';
import { startRedisNodes } from '@redquorum/testing';

const nodes = await startRedisNodes(3);
const clients = await Promise.all(nodes.urls.map((url) => createClient({ url }).connect()));
try {
  const locker = new Locker(clients[0], { ttlMs: 5_000, keyPrefix: 'app:lock:' });
  const lock = await locker.acquire('esm');
  assert.equal(await clients[0].get('app:lock:esm'), lock.token);
  await assert.rejects(locker.acquire('esm', { retry: noRetry }), LockAcquireError);
  await lock.release();
  assert.equal(await clients[0].get('app:lock:esm'), null);

  // A backend author's view: the engine over a backend, from the `backend` subpath.
  const engine = new LockEngine(new SingleNodeBackend(clients[0], 200), resolveOptions({}, 0.01));
  await (await engine.acquire('esm-engine')).release();

  const redlock = new Redlock(clients, { ttlMs: 5_000 });
  const quorumLock = await redlock.acquire('esm');
  assert.ok(quorumLock.validUntil > Date.now());
  await quorumLock.release();
} finally {
  await Promise.all(clients.map((client) => client.quit()));
  await nodes[Symbol.asyncDispose]();
}
