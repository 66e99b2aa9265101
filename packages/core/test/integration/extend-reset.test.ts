// Issue 13 items 3 and 4 on one node: an extension sets a missing key again (never over another
// token, all or nothing), so a lock survives its node restarting empty; and a lost lock's keys
// are deleted at once, so the next holder need not wait out the ttl.
import { describe, expect, test } from 'vitest';
import type { RedisClientType } from 'redis';
import { Locker, noRetry, type RedisScriptClient } from '@redquorum/core';
import {
  extendManyScript,
  extendScript,
  parseIntegerReply,
  runScript,
  type LuaScript,
} from '@redquorum/core/backend';
import { startRedisNodes } from '@redquorum/testing';
import { connectOne, uniqueName, waitFor } from './helpers/support.js';

function runner(client: RedisClientType) {
  return async (script: LuaScript, keys: string[], args: string[]): Promise<number> =>
    parseIntegerReply(script.name, await runScript(client, { script, keys, args }));
}

/** Delegates to a real client and records the hash of every EVALSHA. */
function recording(client: RedisClientType): { client: RedisScriptClient; shas: string[] } {
  const shas: string[] = [];
  return {
    shas,
    client: {
      evalSha: (sha1, options) => {
        shas.push(sha1);
        return client.evalSha(sha1, options);
      },
      eval: (lua, options) => client.eval(lua, options),
    },
  };
}

describe('extend script: missing keys are set again, never another token', () => {
  test('one lock: held keys renewed, missing ones set, all or nothing', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const run = runner(client);
    const [held, missing, theirs] = ['held', 'missing', 'theirs'].map(uniqueName) as [
      string,
      string,
      string,
    ];
    await client.set(held, 'A', { PX: 1_000 });
    await client.set(theirs, 'B', { PX: 1_000 });

    // Another token on any key: 0, and the missing key stays missing.
    expect(await run(extendScript, [missing, theirs], ['A', '60000'])).toBe(0);
    expect(await client.exists(missing)).toBe(0);
    expect(await client.get(theirs)).toBe('B');
    expect(await client.pTTL(theirs)).toBeLessThanOrEqual(1_000);

    expect(await run(extendScript, [held, missing], ['A', '60000'])).toBe(1);
    expect(await client.mGet([held, missing])).toEqual(['A', 'A']);
    for (const key of [held, missing]) {
      expect(await client.pTTL(key)).toBeGreaterThan(1_000);
      expect(await client.pTTL(key)).toBeLessThanOrEqual(60_000);
    }
  });

  test('many locks in one call: each set again, refused or failed alone', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const [gone, held, taken, halfA, halfB, badA, badB] = [
      'gone',
      'held',
      'taken',
      'half-a',
      'half-b',
      'bad-a',
      'bad-b',
    ].map(uniqueName) as [string, string, string, string, string, string, string];
    await client.set(held, 'H', { PX: 1_000 });
    await client.set(taken, 'other', { PX: 1_000 });
    await client.set(halfB, 'other', { PX: 1_000 });
    await client.hSet(badA, 'field', 'value');

    const keys = [gone, held, taken, halfA, halfB, badA, badB];
    const args = ['G', '60000', '1', 'H', '60000', '1', 'T', '60000', '1'];
    args.push('M', '60000', '2', 'X', '60000', '2');
    const reply = await runScript(client, { script: extendManyScript, keys, args });
    expect(reply).toHaveLength(5);
    expect((reply as unknown[]).slice(0, 4)).toEqual([1, 1, 0, 0]);
    expect((reply as unknown[])[4]).toBe(
      `WRONGTYPE Operation against a key holding the wrong kind of value (key ${badA})`,
    );

    expect(await client.get(gone)).toBe('G');
    expect(await client.pTTL(gone)).toBeGreaterThan(1_000);
    expect(await client.pTTL(held)).toBeGreaterThan(1_000);
    expect(await client.mGet([taken, halfA, halfB, badB])).toEqual(['other', null, 'other', null]);
    expect(await client.pTTL(taken)).toBeLessThanOrEqual(1_000);
  });
});

describe('Locker', () => {
  test('an auto-extended lock survives its node restarting empty', async () => {
    await using nodes = await startRedisNodes(1, { persistence: 'none' });
    const client = await connectOne(nodes);
    const locker = new Locker(await connectOne(nodes), { ttlMs: 1_000, retry: noRetry });
    const resource = uniqueName('restart');
    const key = `lock:${resource}`;
    const lock = await locker.acquire(resource, { autoExtend: true });

    await nodes.at(0).restart({ keepData: false });
    await waitFor(async () => (await client.ping()) === 'PONG', 5_000, 'client reconnected');
    await waitFor(async () => (await client.get(key)) === lock.token, 5_000, 'key set again');
    // Held across several more extensions.
    const renewedUntil = lock.validUntil;
    await waitFor(() => lock.validUntil > renewedUntil + 1_000, 5_000, 'extended again');
    expect(lock.signal.aborted).toBe(false);
    expect(lock.held).toBe(true);
    await lock.release();
    expect(await client.exists(key)).toBe(0);
  });

  test('extensions of one tick stay one script call, missing keys set again', async () => {
    await using nodes = await startRedisNodes(1);
    const real = await connectOne(nodes);
    const { client, shas } = recording(real);
    const prefix = `${uniqueName('tick')}:`;
    const locker = new Locker(client, { keyPrefix: prefix, retry: noRetry, ttlMs: 10_000 });
    const locks = await Promise.all(['a', 'b', 'c'].map((resource) => locker.acquire(resource)));
    await real.del([`${prefix}a`, `${prefix}b`, `${prefix}c`]);
    shas.length = 0;

    await Promise.all(locks.map((lock) => lock.extend(60_000)));
    expect(shas).toEqual([extendManyScript.sha1]);
    const values = await real.mGet([`${prefix}a`, `${prefix}b`, `${prefix}c`]);
    expect(values).toEqual(locks.map((lock) => lock.token));
  });

  test('a lock lost at maxHoldMs deletes its key at once: the next holder waits for nothing', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const first = new Locker(await connectOne(nodes), { ttlMs: 30_000, retry: noRetry });
    const second = new Locker(await connectOne(nodes), { ttlMs: 30_000 });
    const resource = uniqueName('max-hold');
    const key = `lock:${resource}`;
    const lock = await first.acquire(resource, { maxHoldMs: 200 });

    await waitFor(() => lock.signal.aborted, 5_000, 'lost at maxHoldMs');
    expect(lock.signal.reason).toMatchObject({ name: 'LockLostError', reason: 'max-hold' });
    // Without the cleanup, the key would stay for the rest of its 30 s ttl.
    await waitFor(async () => (await client.exists(key)) === 0, 2_000, 'key deleted');
    const next = await second.acquire(resource, { acquireTimeoutMs: 2_000 });
    expect(await client.get(key)).toBe(next.token);
    await next.release();
  });

  test('the cleanup is token-checked: a key another token took is kept', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const locker = new Locker(await connectOne(nodes), { ttlMs: 30_000, retry: noRetry });
    const resource = uniqueName('intruder');
    const key = `lock:${resource}`;
    const lock = await locker.acquire(resource);
    await client.set(key, 'intruder', { PX: 30_000 });

    await expect(lock.extend()).rejects.toMatchObject({ name: 'LockNotHeldError' });
    expect(lock.signal.reason).toMatchObject({ name: 'LockLostError', reason: 'extend-failed' });
    // The release goes behind the loss's cleanup, on the same connection.
    await expect(lock.release()).rejects.toMatchObject({ name: 'LockNotHeldError' });
    expect(await client.get(key)).toBe('intruder');
  });
});
