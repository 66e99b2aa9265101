import { expect, test } from 'vitest';
import { startRedisNodes } from '@redquorum/testing';
import { isAlive } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait-for.js';

test('kill() then restart({ keepData: false }): same port, new pid, the client reconnects', async () => {
  await using nodes = await startRedisNodes(1);
  const node = nodes.at(0);
  // No onError given: the default listener must keep the killed node from crashing the run.
  const [client] = await nodes.connect();
  if (client === undefined) throw new Error('no client');
  expect(await client.ping()).toBe('PONG');
  const { port } = node;
  const oldPid = node.pid;
  if (oldPid === undefined) throw new Error('a running node has no pid');

  await node.kill();
  expect(node.state).toBe('stopped');
  expect(node.pid).toBeUndefined();
  expect(isAlive(oldPid)).toBe(false);
  await expect(client.ping()).rejects.toThrow();

  await node.restart({ keepData: false });
  expect(node.state).toBe('running');
  expect(node.port).toBe(port);
  expect(node.pid).toBeDefined();
  expect(node.pid).not.toBe(oldPid);
  await waitFor(async () => (await client.ping()) === 'PONG', 5_000, 'client reconnected');
});

test('clients report the errors of a killed node to onError, with the node index', async () => {
  await using nodes = await startRedisNodes(2);
  const errors: { error: unknown; nodeIndex: number }[] = [];
  const clients = await nodes.connect({
    onError: (error, nodeIndex) => errors.push({ error, nodeIndex }),
  });

  await nodes.at(1).kill();
  await waitFor(() => errors.length > 0, 5_000, 'an error reported');
  expect(errors.every(({ nodeIndex }) => nodeIndex === 1)).toBe(true);
  expect(errors[0]?.error).toBeInstanceOf(Error);
  expect(await clients[0]?.ping()).toBe('PONG');

  await nodes.at(1).restart();
  await waitFor(async () => (await clients[1]?.ping()) === 'PONG', 5_000, 'client reconnected');
});

test('kill() on a stopped node does nothing', async () => {
  await using nodes = await startRedisNodes(1);
  await nodes.at(0).kill();
  await nodes.at(0).kill();
  expect(nodes.at(0).state).toBe('stopped');
});
