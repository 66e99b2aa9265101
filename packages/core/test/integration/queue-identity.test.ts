// Issue 12, defect 1: the local queue named a key set by joining its keys with '\n', and
// resource names may contain '\n'. `acquire('a\nlock:b')` (one key `lock:a\nlock:b`) and
// `acquire(['a', 'b'])` shared a slot: the second was handed a lock on keys nobody held.
import { expect, test } from 'vitest';
import { Locker } from '@redquorum/core';
import { startRedisNodes } from '@redquorum/testing';
import { connectOne, uniqueName } from './helpers/support.js';

test('a one-key name that spells a key list never shares a queue slot with that list', async () => {
  await using nodes = await startRedisNodes(1);
  const prefix = `${uniqueName('queue-id')}:`;
  const here = new Locker(await connectOne(nodes), { keyPrefix: prefix, ttlMs: 10_000 });
  const elsewhere = new Locker(await connectOne(nodes), { keyPrefix: prefix, ttlMs: 10_000 });

  const tricky = await here.acquire(`a\n${prefix}b`);
  const pair = here.acquire(['a', 'b'], { acquireTimeoutMs: 5_000 });
  await tricky.release();
  const lock = await pair;
  expect(lock.resources).toEqual(['a', 'b']);

  // Whatever `lock` is, while it says it is held nobody else may take `a` or `b`.
  expect(lock.held).toBe(true);
  expect(await elsewhere.tryAcquire('a')).toBeUndefined();
  expect(await elsewhere.tryAcquire('b')).toBeUndefined();
  await lock.release();
  const after = await elsewhere.tryAcquire('a');
  expect(after).toBeDefined();
  await after?.release();
});

test('names built from the separator or from lengths do not collide either', async () => {
  await using nodes = await startRedisNodes(1);
  const prefix = `${uniqueName('queue-id')}:`;
  const here = new Locker(await connectOne(nodes), { keyPrefix: prefix, ttlMs: 10_000 });
  const elsewhere = new Locker(await connectOne(nodes), { keyPrefix: prefix, ttlMs: 10_000 });
  // Each pair would share a slot under some naive encoding (join, or length-prefix without count).
  const pairs: [string | string[], string | string[]][] = [
    [`x\n${prefix}y`, ['x', 'y']],
    [
      ['1:', '2'],
      ['1', ':2'],
    ],
    [`${prefix.length + 1}:${prefix}p`, ['p']],
  ];
  for (const [first, second] of pairs) {
    const held = await here.acquire(first);
    const waiting = here.acquire(second, { acquireTimeoutMs: 5_000 });
    await held.release();
    const lock = await waiting;
    for (const resource of lock.resources) {
      expect(await elsewhere.tryAcquire(resource)).toBeUndefined();
    }
    await lock.release();
  }
});
