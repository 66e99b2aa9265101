import { afterEach, beforeEach, expect, test } from 'vitest';
import { fixedDelay, LockAcquireError, LockLostError, Locker } from '@redquorum/core';
import { startRedisNodes } from '@redquorum/testing';
import {
  collectUnhandledRejections,
  connectOne,
  rejectionOf,
  uniqueName,
  waitFor,
} from './helpers/support.js';

const ACQUIRE_TIMEOUT_MS = 400;
/** Generous: another suite may share the two cores. */
const MARGIN_MS = 1_500;
const options = {
  ttlMs: 10_000,
  nodeTimeoutMs: 50,
  acquireTimeoutMs: ACQUIRE_TIMEOUT_MS,
  retry: fixedDelay(20),
};

let unhandled: ReturnType<typeof collectUnhandledRejections>;
beforeEach(() => {
  unhandled = collectUnhandledRejections();
});
afterEach(async () => {
  // One macrotask turn: rejections already made are reported by then.
  await new Promise(setImmediate);
  unhandled[Symbol.dispose]();
  expect(unhandled.reasons).toEqual([]);
});

test('a paused node fails acquire within its bound and keeps no key afterwards', async () => {
  await using nodes = await startRedisNodes(1);
  const client = await connectOne(nodes);
  const locker = new Locker(client, { ...options, fencing: true });
  const resource = uniqueName('paused');
  await nodes.at(0).pause();

  const start = performance.now();
  const error = await rejectionOf(locker.acquire(resource));
  const elapsed = performance.now() - start;
  expect(error).toBeInstanceOf(LockAcquireError);
  // The engine may give up a little early, when the next attempt could not finish in time.
  expect(error).toMatchObject({ reason: 'timeout', code: 'ERR_LOCK_ACQUIRE' });
  expect((error as LockAcquireError).attempts).toBeGreaterThanOrEqual(1);
  expect(elapsed).toBeLessThan(ACQUIRE_TIMEOUT_MS + MARGIN_MS);

  await nodes.at(0).resume();
  // After the first timeout the node was unresponsive: later attempts were not sent to it but
  // for one probe per nodeTimeoutMs. Those sent ran on resume (each raised the fence counter),
  // each followed by its cleanup, so no key is left. This client's connection runs commands in
  // order, so these reads come after all of them.
  const { attempts } = error as LockAcquireError;
  await waitFor(
    async () => (await client.exists(`lock:${resource}`)) === 0,
    5_000,
    'no key left once every attempt that was sent ran',
  );
  const ran = Number(await client.get(`{lock:${resource}}:fence`));
  expect(ran).toBeGreaterThanOrEqual(1);
  expect(ran).toBeLessThanOrEqual(attempts);
  await using lock = await locker.acquire(resource);
  expect(await client.get(`lock:${resource}`)).toBe(lock.token);
  expect(lock.fence).toBe(BigInt(ran + 1));
});

test('aborting an acquire against a paused node rejects with the exact signal.reason', async () => {
  await using nodes = await startRedisNodes(1);
  const client = await connectOne(nodes);
  const locker = new Locker(client, { ...options, acquireTimeoutMs: 10_000 });
  const resource = uniqueName('abort');
  await nodes.at(0).pause();

  const controller = new AbortController();
  const reason = { why: 'the caller gave up' };
  const pending = locker.acquire(resource, { signal: controller.signal });
  setTimeout(() => controller.abort(reason), 150);
  const start = performance.now();
  expect(await rejectionOf(pending)).toBe(reason);
  expect(performance.now() - start).toBeLessThan(150 + MARGIN_MS);

  const already = AbortSignal.abort(reason);
  expect(await rejectionOf(locker.acquire(resource, { signal: already }))).toBe(reason);

  await nodes.at(0).resume();
  await waitFor(
    async () => (await client.exists(`lock:${resource}`)) === 0,
    5_000,
    'no key left by the aborted attempt',
  );
});

test('a held auto-extended lock on a paused node is lost through its signal, not a throw', async () => {
  await using nodes = await startRedisNodes(1);
  const client = await connectOne(nodes);
  const locker = new Locker(client, { ...options, ttlMs: 600 });
  const lock = await locker.acquire(uniqueName('lost'), { autoExtend: true });
  await nodes.at(0).pause();

  await waitFor(() => lock.signal.aborted, 600 + MARGIN_MS, 'lock lost');
  expect(lock.signal.reason).toBeInstanceOf(LockLostError);
  expect(lock.signal.reason).toMatchObject({ reason: 'extend-failed' });
  await nodes.at(0).resume();
});

test('a killed node rejects acquire at once; after restart acquire works again', async () => {
  await using nodes = await startRedisNodes(1);
  const client = await connectOne(nodes);
  const locker = new Locker(client, options);
  const resource = uniqueName('killed');
  const held = await locker.acquire(uniqueName('held'));
  await nodes.at(0).kill();

  const start = performance.now();
  const error = await rejectionOf(locker.acquire(resource));
  expect(performance.now() - start).toBeLessThan(ACQUIRE_TIMEOUT_MS + MARGIN_MS);
  expect(error).toBeInstanceOf(LockAcquireError);
  expect((error as LockAcquireError).nodes[0]?.outcome).toMatch(/^(error|timeout)$/);
  const lost = await rejectionOf(held.extend());
  expect(lost).toBeInstanceOf(LockLostError);
  expect(held.signal.reason).toBe(lost);

  await nodes.at(0).restart({ keepData: false });
  let lock: Awaited<ReturnType<Locker['tryAcquire']>>;
  await waitFor(
    async () => (lock = await locker.tryAcquire(resource)) !== undefined,
    5_000,
    'acquire after restart',
  );
  expect(await client.get(`lock:${resource}`)).toBe(lock!.token);
  await lock!.release();
  expect(await client.exists(`lock:${resource}`)).toBe(0);
});
