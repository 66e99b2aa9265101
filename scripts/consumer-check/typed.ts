// A TypeScript consumer, checked with `skipLibCheck: false` under NodeNext and under bundler
// resolution, then run. `target: ES2022` compiles `await using` away, so Node 20 runs it.
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { Locker, LockAcquireError, exponentialBackoff, type Lock } from '@redquorum/core';
import { quorum, type LockBackend } from '@redquorum/core/backend';

// The backend subpath's types resolve under both resolutions.
const backendOf = (locker: Locker): LockBackend | undefined => (locker ? undefined : undefined);
assert.equal(quorum(5), 3);
void backendOf;
import { Redlock, type RedlockOptions } from '@redquorum/redlock';
import { startRedisNodes, type RedisNodes } from '@redquorum/testing';

await using nodes: RedisNodes = await startRedisNodes(3);
const clients = await Promise.all(nodes.urls.map((url) => createClient({ url }).connect()));
try {
  const [client] = clients;
  assert.ok(client);
  const locker = new Locker(client, { ttlMs: 5_000, retry: exponentialBackoff() });
  {
    await using lock: Lock = await locker.acquire('typed');
    assert.equal(typeof lock.token, 'string');
    await assert.rejects(locker.acquire('typed', { acquireTimeoutMs: 50 }), LockAcquireError);
  }
  const options: RedlockOptions = { ttlMs: 5_000, driftFactor: 0.01 };
  const redlock = new Redlock(clients, options);
  const fence: bigint | undefined = await redlock.using('typed', async (signal, lock) => {
    assert.equal(signal.aborted, false);
    return lock.fence;
  });
  assert.equal(fence, undefined);
} finally {
  await Promise.all(clients.map((client) => client.quit()));
}
