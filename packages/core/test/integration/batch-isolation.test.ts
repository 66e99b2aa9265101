// Operations bound for one node in one tick share a script call, but each lock's part succeeds
// or fails alone: a key of the wrong type, or a fence counter that is not an integer, fails
// that lock only, names the problem, and changes nothing for it.
import { describe, expect, test } from 'vitest';
import type { RedisClientType } from 'redis';
import {
  LockAcquireError,
  Locker,
  LockLostError,
  LockReleaseError,
  noRetry,
  ScriptReplyError,
  type Lock,
  type RedisScriptClient,
} from '@redquorum/core';
import {
  acquireManyScript,
  acquireManySimpleScript,
  CORE_SCRIPTS,
  extendManyScript,
  fenceKey,
  NodeBatchers,
  releaseManyScript,
  releaseManySimpleScript,
  withScriptLoading,
  type AcquireRequest,
  type Settled,
} from '@redquorum/core/backend';
import { startRedisNodes } from '@redquorum/testing';
import { connectOne, uniqueName } from './helpers/support.js';

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

/** Checks that an acquire failed on its node with its own error, naming `problem` and `key`. */
function expectAcquireError(
  outcome: PromiseSettledResult<Lock> | undefined,
  problem: RegExp,
  key: string,
): void {
  expect(outcome?.status).toBe('rejected');
  const error: unknown = outcome?.status === 'rejected' ? outcome.reason : undefined;
  expect(error).toBeInstanceOf(LockAcquireError);
  const failure = error as LockAcquireError;
  expect(failure.reason).toBe('unreachable');
  expect(failure.nodes).toHaveLength(1);
  expectOwnError(failure.nodes[0]?.outcome === 'error', failure.nodes[0]?.cause, problem, key);
}

/** Checks that `settled` is one lock's own error, naming `problem` and `key`. */
function expectLockError(settled: Settled<number> | undefined, problem: RegExp, key: string): void {
  expectOwnError(
    settled?.kind === 'error',
    settled?.kind === 'error' ? settled.error : undefined,
    problem,
    key,
  );
}

function expectOwnError(failed: boolean, error: unknown, problem: RegExp, key: string): void {
  expect(failed).toBe(true);
  expect(error).toBeInstanceOf(ScriptReplyError);
  expect((error as Error).message).toMatch(problem);
  expect((error as Error).message).toContain(key);
}

function lockOf(outcome: PromiseSettledResult<Lock>): Lock {
  if (outcome.status === 'rejected') throw new Error('no lock', { cause: outcome.reason });
  return outcome.value;
}

const WRONGTYPE = /WRONGTYPE/;
const NOT_INTEGER = /not a safe integer/;

describe('acquire: one bad key fails its own lock only', () => {
  test('one-key locks (the lean batch): the neighbours of a hash key get their locks', async () => {
    await using nodes = await startRedisNodes(1);
    const real = await connectOne(nodes);
    const { client, shas } = recording(real);
    const prefix = `${uniqueName('simple')}:`;
    const locker = new Locker(client, { keyPrefix: prefix, retry: noRetry });
    await real.hSet(`${prefix}bad`, 'field', 'value');

    const outcomes = await Promise.allSettled([
      locker.acquire('good-1'),
      locker.acquire('bad'),
      locker.acquire('good-2'),
    ]);

    expect(shas).toContain(acquireManySimpleScript.sha1);
    const [good1, bad, good2] = outcomes;
    expect(await real.get(`${prefix}good-1`)).toBe(lockOf(good1).token);
    expect(await real.get(`${prefix}good-2`)).toBe(lockOf(good2).token);
    expectAcquireError(bad, WRONGTYPE, `${prefix}bad`);
    expect(await real.hGet(`${prefix}bad`, 'field')).toBe('value');
  });

  test('fenced and multi-resource locks (the full batch): bad keys and counters fail alone', async () => {
    await using nodes = await startRedisNodes(1);
    const real = await connectOne(nodes);
    const { client, shas } = recording(real);
    const prefix = `${uniqueName('fenced')}:`;
    const locker = new Locker(client, { keyPrefix: prefix, retry: noRetry, fencing: true });
    const counter = (resource: string): string => fenceKey(`${prefix}${resource}`, prefix);
    await real.set(counter('multi-b'), '7');
    await real.lPush(`${prefix}list`, 'x');
    await real.set(counter('text'), 'seven');
    await real.hSet(counter('hash-b'), 'field', 'value');

    const outcomes = await Promise.allSettled([
      locker.acquire('good'),
      locker.acquire(['multi-a', 'multi-b']),
      locker.acquire(['free', 'list']),
      locker.acquire('text'),
      locker.acquire(['hash-a', 'hash-b']),
    ]);

    expect(shas).toContain(acquireManyScript.sha1);
    const [good, multi, list, text, hash] = outcomes;
    expect(lockOf(good).fence).toBe(1n);
    expect(lockOf(multi).fence).toBe(8n);
    expect(await real.mGet([`${prefix}multi-a`, `${prefix}multi-b`])).toEqual([
      lockOf(multi).token,
      lockOf(multi).token,
    ]);
    expect(await real.mGet([counter('multi-a'), counter('multi-b')])).toEqual(['8', '8']);

    expectAcquireError(list, WRONGTYPE, `${prefix}list`);
    expectAcquireError(text, NOT_INTEGER, counter('text'));
    expectAcquireError(hash, WRONGTYPE, counter('hash-b'));
    // No counter of a failed lock moved (lock keys would be gone anyway: the cleanup release).
    expect(
      await real.mGet([counter('free'), counter('list'), counter('text'), counter('hash-a')]),
    ).toEqual([null, null, 'seven', null]);
  });

  test('through the batcher: a failed lock writes none of its keys or counters', async () => {
    await using nodes = await startRedisNodes(1);
    const real = await connectOne(nodes);
    const { client, shas } = recording(real);
    const node = new NodeBatchers(withScriptLoading(client, CORE_SCRIPTS), {
      timeoutMs: 5_000,
      batchable: true,
    });
    const [good, free, other, bad, fenced, half] = [
      'good',
      'free',
      'other',
      'bad',
      'fenced',
      'half',
    ].map(uniqueName) as [string, string, string, string, string, string];
    await real.hSet(bad, 'field', 'value');
    await real.set(fenceKey(fenced), '2.5');
    await real.set(fenceKey(half), 'nope');
    const request = (keys: string[], fencing: boolean): AcquireRequest => ({
      keys,
      fenceKeys: fencing ? keys.map((key) => fenceKey(key)) : undefined,
      token: 'T',
      ttlMs: 60_000,
    });

    const settled = await Promise.all([
      node.acquire.call(request([good], true)),
      node.acquire.call(request([free, bad], false)),
      node.acquire.call(request([other], false)),
      node.acquire.call(request([fenced], true)),
      node.acquire.call(request([free, half], true)),
    ]);
    expect(shas).toEqual([acquireManyScript.sha1]);
    expect(settled[0]).toEqual({ kind: 'value', value: 1 });
    expectLockError(settled[1], WRONGTYPE, bad);
    expect(settled[2]).toEqual({ kind: 'value', value: 1 });
    expectLockError(settled[3], NOT_INTEGER, fenceKey(fenced));
    expectLockError(settled[4], NOT_INTEGER, fenceKey(half));
    expect(await real.mGet([good, other, free, fenced, half])).toEqual([
      'T',
      'T',
      null,
      null,
      null,
    ]);
    expect(
      await real.mGet([fenceKey(good), fenceKey(free), fenceKey(fenced), fenceKey(half)]),
    ).toEqual(['1', null, '2.5', 'nope']);
  });
});

describe('extend and release: one bad key fails its own lock only', () => {
  test('through the Locker: a held key turned into a hash fails that lock alone', async () => {
    await using nodes = await startRedisNodes(1);
    const real = await connectOne(nodes);
    const { client, shas } = recording(real);
    const prefix = `${uniqueName('held')}:`;
    const locker = new Locker(client, { keyPrefix: prefix, retry: noRetry, ttlMs: 10_000 });
    const [good1, bad, good2] = await Promise.all(
      ['good-1', 'bad', 'good-2'].map((resource) => locker.acquire(resource)),
    );
    await real.del(`${prefix}bad`);
    await real.hSet(`${prefix}bad`, 'field', 'value');

    const extended = await Promise.allSettled([
      good1!.extend(60_000),
      bad!.extend(60_000),
      good2!.extend(60_000),
    ]);
    expect(shas).toContain(extendManyScript.sha1);
    expect(extended.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    const loss: unknown = extended[1].status === 'rejected' ? extended[1].reason : undefined;
    expect(loss).toBeInstanceOf(LockLostError);
    expect(await real.pTTL(`${prefix}good-1`)).toBeGreaterThan(10_000);
    expect(await real.pTTL(`${prefix}good-2`)).toBeGreaterThan(10_000);

    const [lost, other] = await Promise.all(
      ['lost', 'other'].map((resource) => locker.acquire(resource)),
    );
    await real.del(`${prefix}lost`);
    await real.lPush(`${prefix}lost`, 'x');
    const released = await Promise.allSettled([
      good1!.release(),
      lost!.release(),
      good2!.release(),
      other!.release(),
    ]);
    expect(shas).toContain(releaseManySimpleScript.sha1);
    expect(released.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const failure: unknown = released[1].status === 'rejected' ? released[1].reason : undefined;
    expect(failure).toBeInstanceOf(LockReleaseError);
    const [node] = (failure as LockReleaseError).nodes;
    expectOwnError(node?.outcome === 'error', node?.cause, WRONGTYPE, `${prefix}lost`);
    expect(await real.exists([`${prefix}good-1`, `${prefix}good-2`, `${prefix}other`])).toBe(0);
    expect(await real.lLen(`${prefix}lost`)).toBe(1);
  });

  test('through the batcher, multi-key locks: nothing extended or deleted for the failed one', async () => {
    await using nodes = await startRedisNodes(1);
    const real = await connectOne(nodes);
    const { client, shas } = recording(real);
    const node = new NodeBatchers(withScriptLoading(client, CORE_SCRIPTS), {
      timeoutMs: 5_000,
      batchable: true,
    });
    const [one, multiA, multiB, badA, badB] = ['one', 'multi-a', 'multi-b', 'bad-a', 'bad-b'].map(
      uniqueName,
    ) as [string, string, string, string, string];
    await real.set(one, 'A', { PX: 10_000 });
    await real.set(multiA, 'M', { PX: 10_000 });
    await real.set(multiB, 'M', { PX: 10_000 });
    await real.set(badA, 'B', { PX: 10_000 });
    await real.hSet(badB, 'field', 'value');
    const lockOne = { keys: [one], token: 'A' };
    const lockMulti = { keys: [multiA, multiB], token: 'M' };
    const lockBad = { keys: [badA, badB], token: 'B' };

    const extended = await Promise.all(
      [lockOne, lockBad, lockMulti].map((held) => node.extend.call({ held, ttlMs: 60_000 })),
    );
    expect(shas).toEqual([extendManyScript.sha1]);
    expect(extended[0]).toEqual({ kind: 'value', value: 1 });
    expectLockError(extended[1], WRONGTYPE, badB);
    expect(extended[2]).toEqual({ kind: 'value', value: 1 });
    for (const key of [one, multiA, multiB]) expect(await real.pTTL(key)).toBeGreaterThan(10_000);
    expect(await real.pTTL(badA)).toBeLessThanOrEqual(10_000);

    const released = await Promise.all(
      [lockOne, lockBad, lockMulti].map((held) => node.release.call(held)),
    );
    expect(shas).toEqual([extendManyScript.sha1, releaseManyScript.sha1]);
    expect(released[0]).toEqual({ kind: 'value', value: 1 });
    expectLockError(released[1], WRONGTYPE, badB);
    expect(released[2]).toEqual({ kind: 'value', value: 2 });
    expect(await real.exists([one, multiA, multiB])).toBe(0);
    expect(await real.get(badA)).toBe('B');
  });
});
