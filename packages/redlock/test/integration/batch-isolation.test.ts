// Operations of one tick share a script call per node, but over a quorum too each lock's part
// succeeds or fails alone: a key of the wrong type on a majority fails that lock, with the
// error on those nodes, while its neighbours in the same batches get, extend and release theirs.
import { ScriptReplyError } from '@redquorum/core';
import { fenceKey } from '@redquorum/core/backend';
import { startRedisNodes } from '@redquorum/testing';
import type { RedisClientType } from 'redis';
import { describe, expect, it } from 'vitest';
import { LockAcquireError, LockLostError, noRetry, Redlock, type Lock } from '../../src/index.js';
import { valuesOn, waitForEverywhere } from '../helpers/node-keys.js';
import { waitFor } from '../helpers/wait-for.js';

const BAD_NODES = [0, 1];

/** Turns `key` into a hash on the nodes at `BAD_NODES`. */
async function spoil(clients: readonly RedisClientType[], key: string): Promise<void> {
  for (const index of BAD_NODES) {
    await clients[index]!.del(key);
    await clients[index]!.hSet(key, 'field', 'value');
  }
}

function lockOf(outcome: PromiseSettledResult<Lock>): Lock {
  if (outcome.status === 'rejected') throw new Error('no lock', { cause: outcome.reason });
  return outcome.value;
}

/** Checks that the nodes at `BAD_NODES`, and only those, failed with an error naming `key`. */
function expectBadNodes(
  nodes: readonly { node: number; outcome: string; cause?: unknown }[],
  key: string,
): void {
  const failed = nodes.filter((node) => node.outcome === 'error');
  expect(failed.map((node) => node.node)).toEqual(BAD_NODES);
  for (const { cause } of failed) {
    expect(cause).toBeInstanceOf(ScriptReplyError);
    expect((cause as Error).message).toMatch(/WRONGTYPE/);
    expect((cause as Error).message).toContain(key);
  }
}

describe('one bad key in a batch, over 3 nodes', () => {
  it('acquire: the lock whose key is a hash on 2 of 3 nodes fails; its neighbours get theirs', async () => {
    await using nodes = await startRedisNodes(3);
    const clients = await nodes.connect();
    const redlock = new Redlock(clients, { keyPrefix: 'iso:', retry: noRetry });
    await spoil(clients, 'iso:bad');

    const [good1, bad, good2] = await Promise.allSettled([
      redlock.acquire('good-1'),
      redlock.acquire('bad'),
      redlock.acquire('good-2'),
    ]);

    await waitForEverywhere(clients, 'iso:good-1', lockOf(good1).token);
    await waitForEverywhere(clients, 'iso:good-2', lockOf(good2).token);
    expect(bad?.status).toBe('rejected');
    const error: unknown = bad?.status === 'rejected' ? bad.reason : undefined;
    expect(error).toBeInstanceOf(LockAcquireError);
    expectBadNodes((error as LockAcquireError).nodes, 'iso:bad');
    expect(await clients[0]!.hGet('iso:bad', 'field')).toBe('value');
  });

  it('fenced, with a multi-resource lock: a counter that is a hash fails its lock alone', async () => {
    await using nodes = await startRedisNodes(3);
    const clients = await nodes.connect();
    const redlock = new Redlock(clients, { keyPrefix: 'fiso:', retry: noRetry, fencing: true });
    await spoil(clients, fenceKey('fiso:bad-b', 'fiso:'));

    const [good, multi, bad] = await Promise.allSettled([
      redlock.acquire('good'),
      redlock.acquire(['multi-a', 'multi-b']),
      redlock.acquire(['bad-a', 'bad-b']),
    ]);

    expect(lockOf(good).fence).toBe(1n);
    expect(lockOf(multi).fence).toBe(1n);
    await waitForEverywhere(clients, 'fiso:multi-b', lockOf(multi).token);
    expect(bad?.status).toBe('rejected');
    const error: unknown = bad?.status === 'rejected' ? bad.reason : undefined;
    expect(error).toBeInstanceOf(LockAcquireError);
    expectBadNodes((error as LockAcquireError).nodes, fenceKey('fiso:bad-b', 'fiso:'));
    // Nothing written for the failed lock where its counter was bad (node 2 counted a fence).
    expect((await valuesOn(clients, fenceKey('fiso:bad-a', 'fiso:'))).slice(0, 2)).toEqual([
      null,
      null,
    ]);
  });

  it('extend and release: a held key turned into a hash on 2 of 3 nodes fails that lock alone', async () => {
    await using nodes = await startRedisNodes(3);
    const clients = await nodes.connect();
    const redlock = new Redlock(clients, {
      keyPrefix: 'hiso:',
      retry: noRetry,
      ttlMs: 10_000,
      maxTtlMs: 60_000,
    });
    const [good1, bad, good2] = await Promise.all(
      ['good-1', 'bad', 'good-2'].map((resource) => redlock.acquire(resource)),
    );
    for (const [resource, lock] of [
      ['good-1', good1!],
      ['bad', bad!],
      ['good-2', good2!],
    ] as const) {
      await waitForEverywhere(clients, `hiso:${resource}`, lock.token);
    }
    await spoil(clients, 'hiso:bad');

    const extended = await Promise.allSettled([
      good1!.extend(60_000),
      bad!.extend(60_000),
      good2!.extend(60_000),
    ]);
    expect(extended.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    const loss: unknown = extended[1].status === 'rejected' ? extended[1].reason : undefined;
    expect(loss).toBeInstanceOf(LockLostError);
    for (const key of ['hiso:good-1', 'hiso:good-2']) {
      const ttls = await Promise.all(clients.map((client) => client.pTTL(key)));
      expect(ttls.filter((ttlMs) => ttlMs > 10_000).length).toBeGreaterThanOrEqual(2);
    }

    const [lost, other] = await Promise.all(
      ['lost', 'other'].map((resource) => redlock.acquire(resource)),
    );
    await waitForEverywhere(clients, 'hiso:lost', lost!.token);
    await spoil(clients, 'hiso:lost');
    const released = await Promise.all([good1!.release(), lost!.release(), other!.release()]);

    // A good release resolves on a quorum of deletions; a node may still be `pending`.
    for (const index of [0, 2]) {
      const outcomes = released[index]!.nodes.map((node) => node.outcome);
      expect(outcomes.filter((outcome) => outcome === 'ok').length).toBeGreaterThanOrEqual(2);
      expect(outcomes.filter((outcome) => outcome !== 'ok' && outcome !== 'pending')).toEqual([]);
    }
    expectBadNodes(released[1].nodes, 'hiso:lost');
    expect(released[1].nodes[2]?.outcome).toBe('ok');
    for (const key of ['hiso:good-1', 'hiso:other']) {
      await waitFor(
        async () => (await valuesOn(clients, key)).every((value) => value === null),
        5_000,
        `${key} deleted everywhere`,
      );
    }
    expect(await clients[0]!.hGet('hiso:lost', 'field')).toBe('value');
  });
});
