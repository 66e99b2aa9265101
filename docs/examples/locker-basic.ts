// Locker on one node: acquire, inspect, extend and release by hand; contention, timeouts,
// cancellation; using() and stopping its auto-extension.
import assert from 'node:assert/strict';
import {
  Locker,
  LockAcquireError,
  exponentialBackoff,
  fixedDelay,
  noRetry,
  tokenDigest,
} from '@redquorum/core';
import { startRedisNodes } from '@redquorum/testing';

await using nodes = await startRedisNodes(1);
const [client] = await nodes.connect(); // closed when `nodes` is disposed of
assert.ok(client);

const locker = new Locker(client, {
  ttlMs: 5_000,
  keyPrefix: 'app:lock:', // the key is keyPrefix + resource; its value is the token
  retry: exponentialBackoff({ initialMs: 10, maxMs: 200 }),
});

const lock = await locker.acquire('reports:daily');
assert.equal(await client.get('app:lock:reports:daily'), lock.token);
assert.equal(lock.attempts, 1); // the first attempt found it free

// Who holds it, without taking it: a digest of the holder's token, and the ttl left.
const [view] = await locker.inspect('reports:daily');
assert.equal(view?.holder, tokenDigest(lock.token));

await lock.extend(); // the same handle, with a new validUntil
await lock.release();
assert.equal(await client.get('app:lock:reports:daily'), null);

// Another process's Locker (here: another instance on the same connection).
const held = await locker.acquire('reports:daily');
const other = new Locker(client, { keyPrefix: 'app:lock:' });

// One attempt: tryAcquire() resolves undefined while someone else holds the resource.
assert.equal(await other.tryAcquire('reports:daily'), undefined);

// No retry: acquire() rejects at once with reason 'taken'.
await assert.rejects(
  other.acquire('reports:daily', { retry: noRetry }),
  (error) => error instanceof LockAcquireError && error.reason === 'taken',
);

// Retrying until acquireTimeoutMs, every attempt finding it held: reason 'taken', timed out.
await assert.rejects(
  other.acquire('reports:daily', { retry: fixedDelay(50), acquireTimeoutMs: 300 }),
  (error) => error instanceof LockAcquireError && error.reason === 'taken' && error.timedOut,
);

// Cancelled: rejects with the signal's reason, unchanged.
await assert.rejects(
  other.acquire('reports:daily', { signal: AbortSignal.timeout(100) }),
  (error) => error instanceof DOMException && error.name === 'TimeoutError',
);

await held.release();
const mine = await other.acquire('reports:daily'); // free again
await mine.release();

// using(): the lock is extended in the background while the work runs, and released
// whatever happens, even when the work throws.
await assert.rejects(
  locker.using('reports:daily', async (signal) => {
    signal.throwIfAborted();
    throw new Error('the work failed');
  }),
  /the work failed/,
);
assert.equal(await client.get('app:lock:reports:daily'), null); // released anyway

// stopAutoExtend(): the rest of the work is best effort; the lock is no longer extended and
// runs out at its validity, unless released first (as using() does when the work ends).
await locker.using('reports:daily', async (_signal, current) => {
  current.stopAutoExtend();
  assert.equal(current.held, true); // still held, until validUntil or release
});
