// A partition stays silent whatever happens behind it: a client learns that its node died or
// restarted only once the partition heals, as over a real network.
import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisClientType } from 'redis';
import { expect, test } from 'vitest';
import { startRedisNodes } from '@redquorum/testing';
import { settleWithin, waitFor } from '../helpers/wait-for.js';

/**
 * Asserting that nothing happens has no event to wait for, so this is a fixed wait: 300 ms is
 * some 40 times the ~7 ms in which a proxy that forwards the server's close reaches the client.
 */
const SILENCE_MS = 300;

/** A command's outcome, with a flag that tells whether it settled yet. */
function track(command: Promise<unknown>): { outcome: Promise<unknown>; settled: () => boolean } {
  let settled = false;
  const outcome = command.then(
    (value) => value,
    (error: unknown) => error,
  );
  void outcome.finally(() => (settled = true));
  return { outcome, settled: () => settled };
}

async function oneClient(nodes: { connect(): Promise<RedisClientType[]> }) {
  const [client] = await nodes.connect();
  if (client === undefined) throw new Error('no client');
  return client;
}

test('partition(), then kill(): the command hangs until heal(), then fails', async () => {
  await using nodes = await startRedisNodes(1, { proxy: true });
  const node = nodes.at(0);
  const client = await oneClient(nodes);
  await client.set('silence:a', 'A');

  node.partition();
  const get = track(client.get('silence:a'));
  await node.kill();
  await sleep(SILENCE_MS);
  expect(get.settled()).toBe(false);
  expect(client.isReady).toBe(true);

  node.heal();
  expect(await settleWithin(get.outcome, 2_000)).toBeInstanceOf(Error);
});

test('partition(), kill(), restart(): silent until heal(); then the client reconnects', async () => {
  await using nodes = await startRedisNodes(1, { proxy: true });
  const node = nodes.at(0);
  const client = await oneClient(nodes);

  node.partition();
  const ping = track(client.ping());
  await node.kill();
  await node.restart();
  await sleep(SILENCE_MS);
  expect(ping.settled()).toBe(false);

  node.heal();
  // The connection was to the server that died: it ends, and the client finds the new one.
  expect(await settleWithin(ping.outcome, 2_000)).toBeInstanceOf(Error);
  await waitFor(async () => (await client.ping()) === 'PONG', 5_000, 'client reconnected');
});

test('without a partition, a node killed behind the proxy fails the command in flight promptly', async () => {
  await using nodes = await startRedisNodes(1, { proxy: true });
  const node = nodes.at(0);
  const client = await oneClient(nodes);
  node.latency(20);

  await node.pause(); // keeps the command in flight until the kill
  const get = track(client.get('silence:b'));
  await node.kill();
  expect(await settleWithin(get.outcome, 2_000)).toBeInstanceOf(Error);
});
