import type { RedisClientType } from 'redis';
import { expect, test } from 'vitest';
import { startRedisNodes, type RedisServer } from '@redquorum/testing';
import { waitFor } from '../helpers/wait-for.js';

async function reconnected(client: RedisClientType): Promise<void> {
  await waitFor(async () => (await client.ping()) === 'PONG', 5_000, 'client reconnected');
}

/** Crashes the node with SIGKILL, restarts it and waits for the client to be back. */
async function crashAndRestart(
  node: RedisServer,
  client: RedisClientType,
  keepData: boolean,
): Promise<void> {
  await node.kill();
  await node.restart({ keepData });
  await reconnected(client);
}

test("'aof-always': an acknowledged write survives SIGKILL; keepData: false drops it", async () => {
  await using nodes = await startRedisNodes(1, { persistence: 'aof-always' });
  const node = nodes.at(0);
  const [client] = await nodes.connect();
  if (client === undefined) throw new Error('no client');
  expect(await client.configGet('appendfsync')).toEqual({ appendfsync: 'always' });
  await client.set('persistence:aof-always', 'kept');

  await crashAndRestart(node, client, true);
  expect(await client.get('persistence:aof-always')).toBe('kept');

  await crashAndRestart(node, client, false);
  expect(await client.get('persistence:aof-always')).toBeNull();
});

test("'aof-everysec': appendonly on with fsync every second; a graceful stop keeps the data", async () => {
  await using nodes = await startRedisNodes(1, { persistence: 'aof-everysec' });
  const node = nodes.at(0);
  const [client] = await nodes.connect();
  if (client === undefined) throw new Error('no client');
  expect(await client.configGet('appendonly')).toEqual({ appendonly: 'yes' });
  expect(await client.configGet('appendfsync')).toEqual({ appendfsync: 'everysec' });
  await client.set('persistence:aof-everysec', 'kept');

  await node.stop();
  await node.restart();
  await reconnected(client);
  expect(await client.get('persistence:aof-everysec')).toBe('kept');
});

test("'none' (the default): nothing survives kill and restart, even with keepData", async () => {
  await using nodes = await startRedisNodes(1);
  const node = nodes.at(0);
  const [client] = await nodes.connect();
  if (client === undefined) throw new Error('no client');
  await client.set('persistence:none', 'lost');

  await crashAndRestart(node, client, true);
  expect(await client.get('persistence:none')).toBeNull();
});

test("'none': a graceful stop writes no snapshot either", async () => {
  await using nodes = await startRedisNodes(1, { persistence: 'none' });
  const node = nodes.at(0);
  const [client] = await nodes.connect();
  if (client === undefined) throw new Error('no client');
  await client.set('persistence:none-stop', 'lost');

  await node.stop();
  await node.restart();
  await reconnected(client);
  expect(await client.get('persistence:none-stop')).toBeNull();
});
