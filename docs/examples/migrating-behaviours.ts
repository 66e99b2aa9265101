// What changes for code moving from node-redlock, redis-semaphore or redsync: retry settings as
// a strategy, one attempt, waits behind a holder in this process, releasing a lock no node
// holds, loss as a signal, and key names shared with the old library during a rolling upgrade.
import assert from 'node:assert/strict';
import type { RetryStrategy } from '@redquorum/core';
import {
  LockAcquireError,
  LockLostError,
  LockNotHeldError,
  Redlock,
  noRetry,
} from '@redquorum/redlock';
import { startRedisNodes, waitFor } from '@redquorum/testing';

await using nodes = await startRedisNodes(3);
const clients = await nodes.connect(); // closed when `nodes` is disposed of
const [first] = clients;
assert.ok(first);

/** Whether no node holds `key` any more. */
async function goneEverywhere(key: string): Promise<boolean> {
  const values = await Promise.all(clients.map((client) => client.get(key)));
  return values.every((value) => value === null);
}

// #region retry
// node-redlock's { retryCount, retryDelay, retryJitter }, exactly: 1 + retryCount attempts,
// each delay retryDelay ± retryJitter ms. A strategy is a plain function of the attempt.
const nodeRedlockRetry =
  (retryCount: number, retryDelay: number, retryJitter: number): RetryStrategy =>
  ({ attempt, random }) =>
    attempt > retryCount
      ? false
      : Math.max(0, retryDelay + Math.floor((random() * 2 - 1) * retryJitter));

const redlock = new Redlock(clients, {
  ttlMs: 2_000,
  keyPrefix: '', // node-redlock's and redsync's keys are the resource names themselves
  retry: nodeRedlockRetry(3, 50, 25),
  acquireTimeoutMs: Infinity, // node-redlock has no time bound: the count decides
});
// #endregion retry

// #region contention
// Another process (here: another Redlock on the same clients) holds the resource.
const otherProcess = new Redlock(clients, { ttlMs: 2_000, keyPrefix: '' });
const held = await otherProcess.acquire('orders:42');
assert.equal(await first.get('orders:42'), held.token);

const failed: unknown = await redlock.acquire('orders:42').catch((error: unknown) => error);
assert.ok(failed instanceof LockAcquireError);
assert.equal(failed.reason, 'taken');
assert.equal(failed.attempts, 4); // retryCount 3: the first attempt and three retries

// retryCount: 0 becomes tryAcquire(): one attempt, undefined when taken.
assert.equal(await redlock.tryAcquire('orders:42'), undefined);
await held.release();
// #endregion contention

// #region local-wait
// Two acquisitions in one process: the second waits behind the first without asking Redis, and
// each wait is an attempt of its retry strategy. noRetry rejects at once, saying where the
// holder is.
const mine = await redlock.acquire('orders:42');
assert.equal(mine.attempts, 1);
const second: unknown = await redlock
  .acquire('orders:42', { retry: noRetry })
  .catch((error: unknown) => error);
assert.ok(second instanceof LockAcquireError);
assert.equal(second.heldLocally, true);
await mine.release();
// #endregion local-wait

// #region not-held
// A lock nobody extends is lost when its validity runs out: lock.signal aborts with a
// LockLostError, and extend() rejects at once. Once no node holds the key, release() rejects
// with LockNotHeldError after one round (node-redlock retried for retryCount rounds first).
const short = await redlock.acquire('reports:daily', { ttlMs: 200 });
await waitFor(() => short.signal.aborted, 5_000, 'validity ran out');
const lost: unknown = short.signal.reason;
assert.ok(lost instanceof LockLostError);
assert.equal(lost.reason, 'expired');
await assert.rejects(short.extend(), LockNotHeldError);
await waitFor(() => goneEverywhere('reports:daily'), 5_000, 'key gone from every node');
await assert.rejects(short.release(), LockNotHeldError);

// The quiet form: disposal ignores a lock that no node holds any more.
{
  await using quiet = await redlock.acquire('reports:daily', { ttlMs: 200 });
  await waitFor(() => !quiet.held, 5_000, 'validity ran out');
  await waitFor(() => goneEverywhere('reports:daily'), 5_000, 'key gone from every node');
} // released here: no LockNotHeldError
// #endregion not-held

// #region using-lost
// using() rejects with the LockLostError when the lock was lost before the work ended, even if
// the work returned (node-redlock resolved with the routine's value). Here maxHoldMs ends it.
const outcome: unknown = await redlock
  .using(
    'reports:daily',
    async (signal) => {
      const end = AbortSignal.any([signal, AbortSignal.timeout(5_000)]);
      await new Promise((resolve) => end.addEventListener('abort', resolve, { once: true }));
      return 'done';
    },
    { maxHoldMs: 300 },
  )
  .catch((error: unknown) => error);
assert.ok(outcome instanceof LockLostError);
assert.equal(outcome.reason, 'max-hold');
// #endregion using-lost

// #region key-prefix
// redis-semaphore's keys are 'mutex:' + key: the same prefix keeps them during a rolling upgrade.
const semaphoreKeys = new Redlock(clients, { keyPrefix: 'mutex:' });
const mutex = await semaphoreKeys.acquire('orders:42');
assert.equal(await first.get('mutex:orders:42'), mutex.token);
await mutex.release();
// #endregion key-prefix
