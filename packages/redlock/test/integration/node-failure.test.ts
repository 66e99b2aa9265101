// Nodes die while a lock is held: it extends and releases on what is left, and release
// reports every node's outcome (`pending` where a quorum had confirmed first) rather than
// throwing for the dead ones.
import { startRedisNodes } from '@redquorum/testing';
import { describe, expect, it } from 'vitest';
import { LockNotHeldError, Redlock } from '../../src/index.js';
import { valuesOn, waitForEverywhere } from '../helpers/node-keys.js';

const outcomesOf = (nodes: readonly { outcome: string }[]) => nodes.map((node) => node.outcome);

describe('nodes failing during a hold', () => {
  it('a killed node: the lock still extends on 4 of 5 and releases', async () => {
    await using nodes = await startRedisNodes(5);
    const clients = await nodes.connect();
    const redlock = new Redlock(clients, { ttlMs: 2_000, maxTtlMs: 5_000, keyPrefix: 'killed:' });
    const lock = await redlock.acquire('r');
    const firstValidUntil = lock.validUntil;
    await nodes.at(2).kill();

    await expect(lock.extend(5_000)).resolves.toBe(lock);
    expect(lock.held).toBe(true);
    expect(lock.validUntil).toBeGreaterThan(firstValidUntil);
    const live = [0, 1, 3, 4].map((index) => clients[index]!);
    const ttls = await Promise.all(live.map((client) => client.pTTL('killed:r')));
    // A quorum at least took the new ttl (a node still running its first acquire may not have).
    expect(ttls.filter((ttl) => ttl > 2_000).length).toBeGreaterThanOrEqual(3);

    const released = await lock.release();
    // Resolved once a quorum confirmed: a node whose reply had not come yet is `pending`.
    const outcomes = outcomesOf(released.nodes);
    expect(outcomes.filter((outcome) => outcome === 'ok').length).toBeGreaterThanOrEqual(3);
    expect(['error', 'pending']).toContain(outcomes[2]);
    if (outcomes[2] === 'error') expect(released.nodes[2]!.cause).toBeInstanceOf(Error);
    for (const index of [0, 1, 3, 4]) expect(['ok', 'pending']).toContain(outcomes[index]);
    expect(lock.signal.aborted).toBe(true);
    expect(await Promise.all(live.map((client) => client.get('killed:r')))).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('release with two nodes down reports each node and does not throw', async () => {
    await using nodes = await startRedisNodes(5);
    const clients = await nodes.connect();
    const redlock = new Redlock(clients, {
      ttlMs: 10_000,
      nodeTimeoutMs: 200,
      keyPrefix: 'down:',
    });
    const lock = await redlock.acquire('r');
    await nodes.at(1).kill(); // refuses at once: an error
    await nodes.at(3).pause(); // never answers: a timeout

    const released = await lock.release();

    // Resolved on the three healthy nodes' confirmation, not after the paused one's timeout.
    const outcomes = outcomesOf(released.nodes);
    expect([outcomes[0], outcomes[2], outcomes[3], outcomes[4]]).toEqual([
      'ok',
      'ok',
      'pending',
      'ok',
    ]);
    expect(['error', 'pending']).toContain(outcomes[1]);
    const live = [0, 2, 4].map((index) => clients[index]!);
    expect(await valuesOn(live, 'down:r')).toEqual([null, null, null]);
  });

  it('release when no node holds the lock any more: LockNotHeldError with every node', async () => {
    await using nodes = await startRedisNodes(5);
    const clients = await nodes.connect();
    const redlock = new Redlock(clients, { ttlMs: 10_000, keyPrefix: 'gone:' });
    const lock = await redlock.acquire('r');
    await waitForEverywhere(clients, 'gone:r', lock.token);
    // Behind the lock's back, as an expiry or a FLUSHALL would.
    await Promise.all(clients.map((client) => client.del('gone:r')));

    const error: unknown = await lock.release().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(LockNotHeldError);
    expect((error as LockNotHeldError).code).toBe('ERR_LOCK_NOT_HELD');
    expect(outcomesOf((error as LockNotHeldError).nodes)).toEqual(Array(5).fill('not-held'));
    // A second release is refused locally, without asking the nodes.
    await expect(lock.release()).rejects.toBeInstanceOf(LockNotHeldError);
  });
});
