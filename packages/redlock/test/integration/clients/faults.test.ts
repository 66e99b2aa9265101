// The client matrix under node faults: every supported library, default options (offline
// queues on), over 5 nodes. A quorum survives two frozen or killed nodes and not three; a
// minority restarted empty does not let a second holder in (the restart guard hears each
// library's connection events and identifies the node before its next vote counts).
import { startRedisNodes, waitFor, type RedisNodes } from '@redquorum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixedDelay,
  LockAcquireError,
  noRetry,
  Redlock,
  type RedlockOptions,
} from '../../../src/index.js';
import { CLIENT_KINDS, closeAll, connectAll, type Connected } from '../../helpers/client-kinds.js';

let nodes: RedisNodes;

beforeAll(async () => {
  nodes = await startRedisNodes(5, { persistence: 'none' });
});
afterAll(async () => {
  await nodes?.[Symbol.asyncDispose]();
});

const OPTIONS: RedlockOptions = { ttlMs: 20_000, nodeTimeoutMs: 150, retry: noRetry };

const redlockOf = (connected: readonly Connected[], options: RedlockOptions) =>
  new Redlock(
    connected.map((one) => one.client),
    { ...OPTIONS, ...options },
  );

async function allAnswer(connected: readonly Connected[]): Promise<void> {
  await waitFor(
    async () => (await Promise.all(connected.map((one) => one.ping()))).every(Boolean),
    10_000,
    'every client reconnected',
  );
}

describe.each(CLIENT_KINDS)('$name', (kind) => {
  it('two frozen nodes cost a timeout; three leave no quorum', async () => {
    const connected = await connectAll(kind, nodes.urls);
    const prefix = `frozen:${kind.name}:`;
    try {
      const redlock = redlockOf(connected, { keyPrefix: prefix });
      await (await redlock.acquire('first-contact')).release();
      await Promise.all([nodes.at(3).pause(), nodes.at(4).pause()]);
      const lock = await redlock.acquire('r');
      expect(lock.validUntil).toBeGreaterThan(Date.now());
      await lock.release();
      await nodes.at(2).pause();
      const refusal: unknown = await redlock.acquire('r').catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(LockAcquireError);
      expect(
        (refusal as LockAcquireError).nodes.filter((node) => node.outcome === 'ok'),
      ).toHaveLength(2);
    } finally {
      await Promise.all([2, 3, 4].map((index) => nodes.at(index).resume()));
      await closeAll(connected);
    }
  });

  it('a majority restarted empty admits a second holder only with the guard off', async () => {
    const connected = await connectAll(kind, nodes.urls);
    const guarded = await connectAll(kind, nodes.urls);
    const unguarded = await connectAll(kind, nodes.urls);
    const prefix = `killed:${kind.name}:`;
    try {
      const a = redlockOf(connected, { keyPrefix: prefix });
      const on = redlockOf(guarded, { keyPrefix: prefix, restartGuard: 'on' });
      const off = redlockOf(unguarded, { keyPrefix: prefix, restartGuard: 'off' });
      for (const b of [on, off]) await (await b.acquire('first-contact')).release();
      const held = await a.acquire('r');
      await Promise.all([nodes.at(0).kill(), nodes.at(1).kill()]);
      await (await a.acquire('other')).release(); // 3 of 5 still vote
      await nodes.at(2).kill();
      await Promise.all([0, 1, 2].map((index) => nodes.at(index).restart({ keepData: false })));
      await Promise.all([allAnswer(guarded), allAnswer(unguarded)]);

      // Guard on: nodes 0-2 restarted within the max ttl; their votes do not count. (The
      // first vote of a node that forgot its scripts too is a NOSCRIPT error: as many
      // attempts as the guard-off case below gets, so the last one meets the guard alone.)
      const retry = fixedDelay(10, { maxAttempts: 3 });
      const refusal: unknown = await on.acquire('r', { retry }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(LockAcquireError);
      const excluded = (refusal as LockAcquireError).nodes.filter(
        (node) => node.outcome === 'excluded',
      );
      expect(excluded.map((node) => node.node)).toEqual([0, 1, 2]);

      // Guard off, the hazard the guard prevents: nodes 0-2 forgot r and make b a quorum.
      const second = await off.acquire('r', { retry });
      expect(held.validUntil).toBeGreaterThan(Date.now());
      expect(second.token).not.toBe(held.token);
      await second.release();
    } finally {
      await closeAll([...connected, ...guarded, ...unguarded]);
    }
  });
});
