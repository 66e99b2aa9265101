// A multi-resource lock across nodes is all or nothing: on every node, and in the quorum.
import { startRedisNodes } from '@redquorum/testing';
import { describe, expect, it } from 'vitest';
import { LockAcquireError, noRetry, Redlock } from '../../src/index.js';
import { occupy, valuesOn } from '../helpers/node-keys.js';
import { waitFor } from '../helpers/wait-for.js';

describe('multi-resource locks', () => {
  it("one resource held on a majority: acquire(['a', 'b']) fails and leaves 'a' free", async () => {
    await using nodes = await startRedisNodes(5);
    const clients = await nodes.connect();
    const redlock = new Redlock(clients, { ttlMs: 10_000, keyPrefix: 'multi:' });
    // Load the scripts first: a cleanup release that meets NOSCRIPT only loads the script and
    // leaves the failed attempt's keys to expire (core's runScript, resend: false).
    await (await redlock.acquire('warm-up')).release();
    await occupy(clients, [0, 2, 4], 'multi:b', 'foreign');

    const error: unknown = await redlock
      .acquire(['a', 'b'], { retry: noRetry })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(LockAcquireError);
    expect((error as LockAcquireError).reason).toBe('taken');
    expect(await valuesOn(clients, 'multi:a')).toEqual(Array(5).fill(null));
    expect(await valuesOn(clients, 'multi:b')).toEqual([
      'foreign',
      null,
      'foreign',
      null,
      'foreign',
    ]);
  });

  it('held on a minority only: the lock takes both resources on the other nodes', async () => {
    await using nodes = await startRedisNodes(5);
    const clients = await nodes.connect();
    const redlock = new Redlock(clients, { ttlMs: 10_000, keyPrefix: 'multi2:' });
    await occupy(clients, [1, 3], 'multi2:b', 'foreign');

    const lock = await redlock.acquire(['a', 'b'], { retry: noRetry });

    expect(lock.resources).toEqual(['a', 'b']);
    const expectedA = [lock.token, null, lock.token, null, lock.token];
    await waitFor(
      async () => JSON.stringify(await valuesOn(clients, 'multi2:a')) === JSON.stringify(expectedA),
      5_000,
      "'a' on the three free nodes",
    );
    // All or nothing per node too: where 'b' was taken, 'a' was not set.
    expect(await valuesOn(clients, 'multi2:b')).toEqual([
      lock.token,
      'foreign',
      lock.token,
      'foreign',
      lock.token,
    ]);
    await lock.release();
    expect(await valuesOn(clients, 'multi2:a')).toEqual(Array(5).fill(null));
  });
});
