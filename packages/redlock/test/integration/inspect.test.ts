import { startRedisNodes } from '@redquorum/testing';
import { describe, expect, it } from 'vitest';
import { Redlock, tokenDigest } from '../../src/index.js';
import { waitForEverywhere } from '../helpers/node-keys.js';

describe('inspect()', () => {
  it('names the holder per node by digest, with its ttl; free and timed-out nodes too', async () => {
    await using nodes = await startRedisNodes(5);
    const clients = await nodes.connect();
    const redlock = new Redlock(clients, { ttlMs: 10_000, nodeTimeoutMs: 100, keyPrefix: 'ins:' });
    const nobody = await redlock.inspect('r');
    expect(nobody.map((node) => node.state)).toEqual(Array(5).fill('free'));

    const lock = await redlock.acquire('r');
    // Early quorum: let the slowest node set its key before looking.
    await waitForEverywhere(clients, 'ins:r', lock.token);
    await clients[1]!.del('ins:r');
    await nodes.at(3).pause();

    const holdings = await redlock.inspect('r');

    const digest = tokenDigest(lock.token);
    expect(digest).toMatch(/^[0-9a-f]{12}$/);
    expect(holdings.map(({ node, state, holder }) => ({ node, state, holder }))).toEqual([
      { node: 0, state: 'held', holder: digest },
      { node: 1, state: 'free', holder: undefined },
      { node: 2, state: 'held', holder: digest },
      { node: 3, state: 'timeout', holder: undefined },
      { node: 4, state: 'held', holder: digest },
    ]);
    for (const held of holdings.filter((node) => node.state === 'held')) {
      expect(held.ttlMs).toBeGreaterThan(0);
      expect(held.ttlMs).toBeLessThanOrEqual(10_000);
    }
    // The digest does not reveal the token.
    expect(JSON.stringify(holdings)).not.toContain(lock.token);
    await nodes.at(3).resume();
    await lock.release();
  });

  it('tells a foreign holder apart from ours', async () => {
    await using nodes = await startRedisNodes(3);
    const clients = await nodes.connect();
    const redlock = new Redlock(clients, { keyPrefix: 'ins2:' });
    await clients[2]!.set('ins2:r', 'someone-else', { PX: 5_000 });
    const holdings = await redlock.inspect('r');
    expect(holdings[2]).toMatchObject({ state: 'held', holder: tokenDigest('someone-else') });
    expect(holdings[2]!.ttlMs).toBeGreaterThan(0);
  });
});
