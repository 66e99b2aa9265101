import { describe, expect, test } from 'vitest';
import type { RedisClientType } from 'redis';
import {
  acquireManyScript,
  acquireManySimpleScript,
  acquireScript,
  extendScript,
  fenceKey,
  parseIntegerReply,
  raiseFenceScript,
  releaseManySimpleScript,
  releaseScript,
  runScript,
  type LuaScript,
} from '@redquorum/core/backend';
import { startRedisNodes } from '@redquorum/testing';
import { connectOne, uniqueName } from './helpers/support.js';

function runner(client: RedisClientType) {
  return async (script: LuaScript, keys: string[], args: string[]): Promise<number> =>
    parseIntegerReply(script.name, await runScript(client, { script, keys, args }));
}

describe('acquire script', () => {
  test('SET NX PX; the same token re-acquires and resets the ttl; another token gets 0', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const run = runner(client);
    const key = uniqueName('acquire');

    expect(await run(acquireScript, [key], ['A', '500', '0'])).toBe(1);
    expect(await client.get(key)).toBe('A');
    const pttl = await client.pTTL(key);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(500);

    expect(await run(acquireScript, [key], ['A', '60000', '0'])).toBe(1);
    expect(await client.pTTL(key)).toBeGreaterThan(500);

    expect(await run(acquireScript, [key], ['B', '60000', '0'])).toBe(0);
    expect(await client.get(key)).toBe('A');
  });

  test('several keys: all or nothing', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const run = runner(client);
    const keys = [uniqueName('multi-1'), uniqueName('multi-2'), uniqueName('multi-3')];
    await client.set(keys[1]!, 'B', { PX: 60_000 });

    expect(await run(acquireScript, keys, ['A', '60000', '0'])).toBe(0);
    expect(await client.exists([keys[0]!, keys[2]!])).toBe(0);
    expect(await client.get(keys[1]!)).toBe('B');

    await client.del(keys[1]!);
    expect(await run(acquireScript, keys, ['A', '60000', '0'])).toBe(1);
    expect(await client.mGet(keys)).toEqual(['A', 'A', 'A']);
  });

  test('fencing: every successful run raises the counter, the idempotent re-acquire too', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const run = runner(client);
    const key = uniqueName('fence');
    const keys = [key, fenceKey(key)];

    expect(await run(acquireScript, keys, ['A', '60000', '1'])).toBe(1);
    expect(await run(acquireScript, keys, ['A', '60000', '1'])).toBe(2);
    expect(await run(acquireScript, keys, ['B', '60000', '1'])).toBe(0);
    expect(await client.get(fenceKey(key))).toBe('2');
    expect(await run(releaseScript, [key], ['A'])).toBe(1);
    expect(await run(acquireScript, keys, ['B', '60000', '1'])).toBe(3);
    expect(await client.get(fenceKey(key))).toBe('3');
  });

  test('fencing over several keys: the new fence is the maximum plus one, in every counter', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const run = runner(client);
    const locks = [uniqueName('fence-a'), uniqueName('fence-b')];
    const fences = locks.map((lock) => fenceKey(lock));
    await client.set(fences[1]!, '41');
    expect(await run(acquireScript, [...locks, ...fences], ['A', '60000', '1'])).toBe(42);
    expect(await client.mGet(fences)).toEqual(['42', '42']);
  });
});

describe('release, extend and raise-fence scripts', () => {
  test('release deletes only the keys that hold the token', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const run = runner(client);
    const [mine, theirs] = [uniqueName('release-a'), uniqueName('release-b')];
    await client.set(mine, 'A', { PX: 60_000 });
    await client.set(theirs, 'B', { PX: 60_000 });

    expect(await run(releaseScript, [mine, theirs], ['C'])).toBe(0);
    expect(await run(releaseScript, [mine, theirs], ['A'])).toBe(1);
    expect(await client.exists(mine)).toBe(0);
    expect(await client.get(theirs)).toBe('B');
  });

  test('extend compares the token and extends all keys or none', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const run = runner(client);
    const [a, b] = [uniqueName('extend-a'), uniqueName('extend-b')];
    await client.set(a, 'A', { PX: 1_000 });
    await client.set(b, 'B', { PX: 1_000 });

    expect(await run(extendScript, [a], ['B', '60000'])).toBe(0);
    expect(await run(extendScript, [a, b], ['A', '60000'])).toBe(0);
    expect(await client.pTTL(a)).toBeLessThanOrEqual(1_000);
    expect(await client.pTTL(b)).toBeLessThanOrEqual(1_000);

    expect(await run(extendScript, [a], ['A', '60000'])).toBe(1);
    expect(await client.pTTL(a)).toBeGreaterThan(1_000);
    expect(await client.get(a)).toBe('A');
    // A missing key is set again (issue 13: locks survive restarts; see extend-reset.test.ts).
    const none = uniqueName('extend-none');
    expect(await run(extendScript, [none], ['A', '60000'])).toBe(1);
    expect(await client.get(none)).toBe('A');
  });

  test('raise-fence raises counters to the value and never lowers them', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const run = runner(client);
    const [low, high, absent] = [uniqueName('rf-1'), uniqueName('rf-2'), uniqueName('rf-3')];
    await client.set(low, '3');
    await client.set(high, '9');
    expect(await run(raiseFenceScript, [low, high, absent], ['7'])).toBe(1);
    expect(await client.mGet([low, high, absent])).toEqual(['7', '9', '7']);
  });
});

describe('acquire-many script', () => {
  test('each lock as the single script would: free, re-acquired, taken, several keys, fenced', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const [free, mine, theirs, multi1, multi2, fenced] = [
      'free',
      'mine',
      'theirs',
      'multi-1',
      'multi-2',
      'fenced',
    ].map(uniqueName) as [string, string, string, string, string, string];
    await client.set(mine, 'A', { PX: 500 });
    await client.set(theirs, 'B', { PX: 60_000 });
    await client.set(fenceKey(fenced), '41');

    const reply = await runScript(client, {
      script: acquireManyScript,
      keys: [free, mine, theirs, multi1, multi2, fenced, fenceKey(fenced)],
      args: [
        ...['A', '60000', '1', '0'],
        ...['A', '60000', '1', '0'],
        ...['A', '60000', '1', '0'],
        ...['A', '60000', '2', '0'],
        ...['A', '60000', '1', '1'],
      ],
    });

    expect(reply).toEqual([1, 1, 0, 1, 42]);
    expect(await client.mGet([free, mine, theirs, multi1, multi2, fenced])).toEqual([
      'A',
      'A',
      'B',
      'A',
      'A',
      'A',
    ]);
    expect(await client.pTTL(mine)).toBeGreaterThan(500); // the re-acquire reset the ttl
    expect(await client.pTTL(free)).toBeLessThanOrEqual(60_000);
    expect(await client.get(fenceKey(fenced))).toBe('42');
  });
});

describe('lean batch scripts', () => {
  test('acquire-many-simple and release-many-simple: free, re-acquired, taken', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const [free, mine, theirs] = ['free', 'mine', 'theirs'].map(uniqueName) as [
      string,
      string,
      string,
    ];
    await client.set(mine, 'A', { PX: 500 });
    await client.set(theirs, 'B', { PX: 60_000 });

    const keys = [free, mine, theirs];
    expect(
      await runScript(client, {
        script: acquireManySimpleScript,
        keys: keys,
        args: ['60000', 'A', 'A', 'A'],
      }),
    ).toEqual([1, 1, 0]);
    expect(await client.mGet(keys)).toEqual(['A', 'A', 'B']);
    expect(await client.pTTL(mine)).toBeGreaterThan(500);

    expect(
      await runScript(client, {
        script: releaseManySimpleScript,
        keys: keys,
        args: ['A', 'A', 'A'],
      }),
    ).toEqual([1, 1, 0]);
    expect(await client.mGet(keys)).toEqual([null, null, 'B']);
  });
});
