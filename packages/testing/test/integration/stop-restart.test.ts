import { expect, test } from 'vitest';
import { startRedisNodes } from '@redquorum/testing';
import { isAlive } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait-for.js';

test('stop() shuts the node down gracefully; restart() brings it back on the same port', async () => {
  await using nodes = await startRedisNodes(1);
  const node = nodes.at(0);
  const [client] = await nodes.connect();
  if (client === undefined) throw new Error('no client');
  const { port } = node;
  const oldPid = node.pid;
  if (oldPid === undefined) throw new Error('a running node has no pid');

  await node.stop();
  expect(node.state).toBe('stopped');
  expect(node.pid).toBeUndefined();
  expect(isAlive(oldPid)).toBe(false);
  // A SIGTERM shutdown, not a crash: Redis ran its shutdown sequence to the end.
  expect(await node.logTail(50)).toMatch(/Received SIGTERM/);
  expect(await node.logTail(50)).toMatch(/ready to exit/);

  await node.stop(); // Stopping a stopped node does nothing.
  await node.restart();
  expect(node.state).toBe('running');
  expect(node.port).toBe(port);
  expect(node.pid).not.toBe(oldPid);
  await waitFor(async () => (await client.ping()) === 'PONG', 5_000, 'client reconnected');
});

test('stop() on a paused node resumes it first and still shuts it down gracefully', async () => {
  await using nodes = await startRedisNodes(1);
  const node = nodes.at(0);
  await node.pause();
  await node.stop();
  expect(node.state).toBe('stopped');
  expect(await node.logTail(50)).toMatch(/ready to exit/);
});

test('restart() on a running node restarts it', async () => {
  await using nodes = await startRedisNodes(1);
  const node = nodes.at(0);
  const oldPid = node.pid;
  await node.restart();
  expect(node.state).toBe('running');
  expect(node.pid).not.toBe(oldPid);
});

test('restart() rejects a keepData that is not a boolean', async () => {
  await using nodes = await startRedisNodes(1);
  await expect(nodes.at(0).restart({ keepData: 'no' as unknown as boolean })).rejects.toThrow(
    TypeError,
  );
  expect(nodes.at(0).state).toBe('running');
});
