// A node that crashes and restarts keeps an acknowledged lock only if it persisted it:
// 'aof-always' with keepData keeps it; a restart without the data forgets it, which is the
// dangerous case the restart guard exists for.
import type { RedisClientType } from 'redis';
import { expect, test } from 'vitest';
import { Redlock, type Lock } from '@redquorum/redlock';
import { startRedisNodes, type RedisNodes } from '@redquorum/testing';
import { waitFor } from '../helpers/wait-for.js';

const KEY_PREFIX = 'persist:';

/** Three AOF-always nodes, a Redlock over them, and a lock on `r` held on every node. */
async function lockOnThreeNodes(nodes: RedisNodes): Promise<{
  clients: RedisClientType[];
  lock: Lock;
}> {
  const clients = await nodes.connect();
  // Guard off: this test is about what the node keeps, not about whose votes count.
  const redlock = new Redlock(clients, {
    ttlMs: 30_000,
    keyPrefix: KEY_PREFIX,
    restartGuard: 'off',
  });
  const lock = await redlock.acquire('r');
  expect(await Promise.all(clients.map((client) => client.get(`${KEY_PREFIX}r`)))).toEqual(
    Array(3).fill(lock.token),
  );
  return { clients, lock };
}

async function crashAndRestart(
  nodes: RedisNodes,
  client: RedisClientType,
  keepData: boolean,
): Promise<void> {
  await nodes.at(0).kill();
  await nodes.at(0).restart({ keepData });
  await waitFor(async () => (await client.ping()) === 'PONG', 5_000, 'client reconnected');
}

test("'aof-always' + restart({ keepData: true }): the lock's key and ttl survive a crash", async () => {
  await using nodes = await startRedisNodes(3, { persistence: 'aof-always' });
  const { clients, lock } = await lockOnThreeNodes(nodes);
  const client = clients[0]!;

  await crashAndRestart(nodes, client, true);

  expect(await client.get(`${KEY_PREFIX}r`)).toBe(lock.token);
  const ttl = await client.pTTL(`${KEY_PREFIX}r`);
  expect(ttl).toBeGreaterThan(0);
  expect(ttl).toBeLessThanOrEqual(30_000);
  const released = await lock.release();
  // Resolved once two of three confirmed (a third may be pending); node 0 deleted its key.
  const outcomes = released.nodes.map((node) => node.outcome);
  expect(outcomes.filter((outcome) => outcome === 'ok').length).toBeGreaterThanOrEqual(2);
  expect(outcomes.every((outcome) => outcome === 'ok' || outcome === 'pending')).toBe(true);
  expect(await client.get(`${KEY_PREFIX}r`)).toBeNull();
});

test('restart({ keepData: false }): the node forgets the lock it acknowledged', async () => {
  await using nodes = await startRedisNodes(3, { persistence: 'aof-always' });
  const { clients, lock } = await lockOnThreeNodes(nodes);
  const client = clients[0]!;

  await crashAndRestart(nodes, client, false);

  expect(await client.get(`${KEY_PREFIX}r`)).toBeNull();
  // The holder still believes it holds the lock; one of its quorum no longer agrees.
  expect(lock.held).toBe(true);
  expect(lock.validUntil).toBeGreaterThan(Date.now());
  const released = await lock.release();
  // Nodes 1 and 2 confirm (a quorum of 3); node 0 had nothing to delete, if it answered yet.
  const outcomes = released.nodes.map((node) => node.outcome);
  expect(outcomes.slice(1)).toEqual(['ok', 'ok']);
  expect(['not-held', 'pending']).toContain(outcomes[0]);
});
