// Issue 13 items 3 and 4 on a quorum: an extension sets a missing key again but never over
// another token (that node votes no, all or nothing per node); a restarted node inside its
// guard window does not vote, although it would now say yes; a lost lock's keys are deleted.
import { startRedisNodes } from '@redquorum/testing';
import type { RedisClientType } from 'redis';
import { describe, expect, it } from 'vitest';
import {
  LockLostError,
  LockNotHeldError,
  Redlock,
  noRetry,
  type RedlockOptions,
} from '../../src/index.js';
import { occupy, valuesOn, waitForEverywhere } from '../helpers/node-keys.js';
import { waitFor } from '../helpers/wait-for.js';

const OPTIONS: RedlockOptions = {
  ttlMs: 10_000,
  // Generous: healthy nodes must never time out here, even on a loaded machine.
  nodeTimeoutMs: 1_000,
  retry: noRetry,
  keyPrefix: 'reset:',
};

/** Whether no node holds `token` under `key` any more. */
const goneEverywhere =
  (clients: readonly RedisClientType[], key: string, token: string) => async (): Promise<boolean> =>
    (await valuesOn(clients, key)).every((value) => value !== token);

describe('extension sets missing keys again, never over another token', () => {
  it('a node with another token on any key of the lock votes no and keeps its keys', async () => {
    await using nodes = await startRedisNodes(5, { persistence: 'none' });
    const probe = await nodes.connect();
    const redlock = new Redlock(await nodes.connect(), OPTIONS);
    const lock = await redlock.acquire(['a', 'b'], { ttlMs: 5_000 });
    const [a, b] = ['reset:a', 'reset:b'];
    await waitForEverywhere(probe, a, lock.token);
    await waitForEverywhere(probe, b, lock.token);
    // Node 0 lost both keys; node 3 lost a, and b is another holder's; node 4's a is another's.
    await probe[0]!.del([a, b]);
    await probe[3]!.del(a);
    await occupy(probe, [3], b, 'intruder', 5_000);
    await occupy(probe, [4], a, 'intruder', 5_000);

    await lock.extend(10_000);
    expect(await valuesOn(probe, a)).toEqual([
      lock.token,
      lock.token,
      lock.token,
      null,
      'intruder',
    ]);
    expect(await valuesOn(probe, b)).toEqual([
      lock.token,
      lock.token,
      lock.token,
      'intruder',
      lock.token,
    ]);
    expect(await probe[0]!.pTTL(a)).toBeGreaterThan(5_000);
    expect(await probe[0]!.pTTL(b)).toBeGreaterThan(5_000);
    // Nothing changed on the nodes that said no.
    expect(await probe[3]!.pTTL(b)).toBeLessThanOrEqual(5_000);
    expect(await probe[4]!.pTTL(a)).toBeLessThanOrEqual(5_000);
    expect(await probe[4]!.pTTL(b)).toBeLessThanOrEqual(5_000);

    // Another token on a majority: the extension fails, and the lock's own keys are deleted.
    await occupy(probe, [0, 1, 2], a, 'intruder');
    await expect(lock.extend()).rejects.toBeInstanceOf(LockNotHeldError);
    expect(lock.signal.reason).toBeInstanceOf(LockLostError);
    await waitFor(goneEverywhere(probe, b, lock.token), 2_000, "the lock's keys deleted");
    expect(await valuesOn(probe, a)).toEqual([
      'intruder',
      'intruder',
      'intruder',
      null,
      'intruder',
    ]);
    expect(await valuesOn(probe, b)).toEqual([null, null, null, 'intruder', null]);
  });
});

describe('a restarted node inside its guard window does not vote on an extension', () => {
  it.each([
    ['on', 'is identified first: its yes does not count, and the lock is lost'],
    ['off', 'is trusted: its yes counts'],
  ] as const)('guard %s: the node %s', async (restartGuard, _behaviour) => {
    await using nodes = await startRedisNodes(3, { persistence: 'none' });
    const probe = await nodes.connect();
    const clients = await nodes.connect();
    const redlock = new Redlock(clients, { ...OPTIONS, restartGuard });
    const lock = await redlock.acquire('R');
    const key = 'reset:R';
    await waitForEverywhere(probe, key, lock.token);
    await occupy(probe, [2], key, 'intruder');
    await nodes.at(0).restart({ keepData: false });
    for (const client of [probe[0]!, clients[0]!]) {
      await waitFor(async () => (await client.ping()) === 'PONG', 5_000, 'reconnected');
    }

    // Node 0 restarted empty and would set the key again; node 1 holds it; node 2 says no.
    const extended = lock.extend().then(
      () => true,
      (error: unknown) => {
        expect(error).toBeInstanceOf(LockLostError);
        return false;
      },
    );
    if (restartGuard === 'off') {
      expect(await extended).toBe(true);
      expect(await valuesOn(probe, key)).toEqual([lock.token, lock.token, 'intruder']);
      await lock.release();
      return;
    }
    expect(await extended).toBe(false);
    expect(lock.held).toBe(false);
    await waitFor(goneEverywhere(probe, key, lock.token), 2_000, "the lock's keys deleted");
    expect(await probe[2]!.get(key)).toBe('intruder');
  });
});

describe('a lost lock leaves no keys behind', () => {
  it('extension fails on a frozen majority: the keys go at the loss, and on resume', async () => {
    await using nodes = await startRedisNodes(3, { persistence: 'none' });
    const probe = await nodes.connect();
    const options = { ...OPTIONS, ttlMs: 3_000, nodeTimeoutMs: 200 };
    const clients = await nodes.connect();
    const redlock = new Redlock(clients, options);
    const next = new Redlock(await nodes.connect(), options);
    const lock = await redlock.acquire('R', { autoExtend: true });
    const key = 'reset:R';
    await waitForEverywhere(probe, key, lock.token);

    await nodes.at(1).pause();
    await nodes.at(2).pause();
    await waitFor(() => lock.signal.aborted, 5_000, 'lost');
    expect(lock.signal.reason).toBeInstanceOf(LockLostError);
    // Node 0 answered every failed extension, so its key was renewed each time: without the
    // cleanup it would stay for most of a ttl (3 s).
    await waitFor(async () => (await probe[0]!.exists(key)) === 0, 1_000, 'key gone on node 0');

    // The frozen nodes run what was queued for them on the lock's connections, the extension
    // too (which sets the expired key again), then the cleanup: a PING behind them all.
    await nodes.at(1).resume();
    await nodes.at(2).resume();
    await Promise.all(clients.map((client) => client.ping()));
    expect(await valuesOn(probe, key)).toEqual([null, null, null]);
    const taken = await next.tryAcquire('R');
    expect(taken).toBeDefined();
    await taken!.release();
  });
});
