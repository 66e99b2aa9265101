// When the Redis client library itself fails (a synchronous throw, a RangeError or TypeError
// while building the command), acquire rejects at once with that error: the node is not
// blamed, and the deterministic failure is not retried until acquireTimeoutMs. And a lock at
// the bound on its size is acquired on a real node at default settings.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fixedDelay, Locker, MAX_RESOURCES, type RedisScriptClient } from '@redquorum/core';
import { acquireScript } from '@redquorum/core/backend';
import { startRedisNodes } from '@redquorum/testing';
import type { RedisClientType } from 'redis';
import {
  collectUnhandledRejections,
  connectOne,
  rejectionOf,
  uniqueName,
} from './helpers/support.js';

const ACQUIRE_TIMEOUT_MS = 5_000;

let unhandled: ReturnType<typeof collectUnhandledRejections>;
beforeEach(() => {
  unhandled = collectUnhandledRejections();
});
afterEach(async () => {
  await new Promise(setImmediate);
  unhandled[Symbol.dispose]();
  expect(unhandled.reasons).toEqual([]);
});

/** The real client, but for an EVALSHA that fails as `fail` does; counts acquire scripts. */
function failingClient(
  real: RedisClientType,
  fail: () => Promise<unknown>,
): RedisScriptClient & { readonly acquires: () => number } {
  let acquires = 0;
  return {
    acquires: () => acquires,
    evalSha: (sha1) => {
      if (sha1 === acquireScript.sha1) acquires++;
      return fail();
    },
    eval: (script, options) => real.eval(script, options),
  };
}

describe('a client that fails by itself', () => {
  test.each([
    [
      'throws a RangeError synchronously',
      (error: Error) => () => {
        throw error;
      },
      new RangeError('Maximum call stack size exceeded'),
    ],
    [
      'rejects with a TypeError',
      (error: Error) => () => Promise.reject(error),
      new TypeError("Cannot read properties of undefined (reading 'length')"),
    ],
  ])('%s: acquire rejects at once with it, one attempt', async (_, failing, error) => {
    await using nodes = await startRedisNodes(1);
    const real = await connectOne(nodes);
    const client = failingClient(real, failing(error));
    const locker = new Locker(client, {
      retry: fixedDelay(10),
      acquireTimeoutMs: ACQUIRE_TIMEOUT_MS,
    });
    const resource = uniqueName('client-side');

    const start = performance.now();
    const rejected = await rejectionOf(locker.acquire(resource));
    const elapsed = performance.now() - start;

    expect(rejected).toBe(error);
    expect(client.acquires()).toBe(1);
    // Far from the acquire timeout that retrying would have run into.
    expect(elapsed).toBeLessThan(ACQUIRE_TIMEOUT_MS / 5);
    expect(await real.exists(`lock:${resource}`)).toBe(0);
    // The node was never at fault: the real client locks the resource at once.
    const lock = await new Locker(real, { retry: fixedDelay(10) }).acquire(resource);
    expect(lock.attempts).toBe(1);
    await lock.release();
  });
});

describe('a lock at the bound on its size', () => {
  test('MAX_RESOURCES fenced resources: acquired on one node, defaults', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const locker = new Locker(client, { fencing: true });
    const prefix = uniqueName('bound');
    const resources = Array.from({ length: MAX_RESOURCES }, (_, i) => `${prefix}:${i}`);

    const lock = await locker.acquire(resources);
    expect(lock.attempts).toBe(1);
    expect(await client.exists(resources.map((resource) => `lock:${resource}`))).toBe(
      MAX_RESOURCES,
    );
    await lock.release();
    expect(await client.exists(resources.map((resource) => `lock:${resource}`))).toBe(0);

    // One more is refused before any command.
    expect(() => locker.acquire([...resources, `${prefix}:extra`])).toThrow(RangeError);
  });
});
