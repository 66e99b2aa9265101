// Two client objects to one Redis server would give it two votes: with [c0, c1, c0'], server 0
// alone would be a "majority". Identification reads every node's run_id and finds the pair.
import { startRedisNodes } from '@redquorum/testing';
import { describe, expect, it } from 'vitest';
import { Redlock, SameServerError } from '../../src/index.js';

describe('two clients of one server', () => {
  it('make acquire reject with an error naming both indexes, leaving no key behind', async () => {
    await using nodes = await startRedisNodes(2);
    const [c0, c1] = await nodes.connect();
    const [again] = await nodes.connect(); // a second client to node 0's server
    const redlock = new Redlock([c0!, c1!, again!], {
      ttlMs: 10_000,
      keyPrefix: 'same:',
      acquireTimeoutMs: 5_000,
    });

    const t0 = performance.now();
    const error: unknown = await redlock.acquire('R').catch((caught: unknown) => caught);
    // Refused, not retried until acquireTimeoutMs.
    expect(performance.now() - t0).toBeLessThan(2_500);
    expect(error).toBeInstanceOf(SameServerError);
    expect(error).toBeInstanceOf(TypeError);
    const sameServer = error as SameServerError;
    expect(sameServer.nodes).toEqual([0, 2]);
    expect(sameServer.code).toBe('ERR_REDLOCK_SAME_SERVER');
    expect(sameServer.message).toMatch(/^nodes 0 and 2 are the same Redis server \(run_id \w+\)/);
    // What the refused attempt set was released before it rejected.
    expect(await c0!.get('same:R')).toBeNull();
    expect(await c1!.get('same:R')).toBeNull();

    // Later calls reject at once, before any Redis call.
    await c0!.configResetStat();
    await expect(redlock.tryAcquire('S')).rejects.toBeInstanceOf(SameServerError);
    expect(await c0!.info('commandstats')).not.toMatch(/cmdstat_eval/);
  });

  it('is told apart from two servers: distinct nodes acquire as usual', async () => {
    await using nodes = await startRedisNodes(3);
    const redlock = new Redlock(await nodes.connect(), { ttlMs: 10_000, keyPrefix: 'same:' });
    const lock = await redlock.acquire('R');
    expect(lock.validUntil).toBeGreaterThan(Date.now());
    await lock.release();
  });
});
