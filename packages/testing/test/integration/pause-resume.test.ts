import { expect, test } from 'vitest';
import { startRedisNodes } from '@redquorum/testing';
import { settleWithin } from '../helpers/wait-for.js';

test('pause() freezes the node; resume() answers the pending command and the next', async () => {
  await using nodes = await startRedisNodes(1);
  const node = nodes.at(0);
  const [client] = await nodes.connect();
  if (client === undefined) throw new Error('no client');
  expect(await client.ping()).toBe('PONG');
  const pid = node.pid;

  await node.pause();
  expect(node.state).toBe('paused');
  expect(node.pid).toBe(pid);
  const pending = client.ping();
  expect(await settleWithin(pending, 200)).toBe('timeout');

  await node.resume();
  expect(node.state).toBe('running');
  expect(await settleWithin(pending, 5_000)).toBe('PONG');
  expect(await client.ping()).toBe('PONG');
});

test('pause() and resume() reject on a stopped node', async () => {
  await using nodes = await startRedisNodes(1);
  const node = nodes.at(0);
  await node.kill();
  await expect(node.pause()).rejects.toThrow(/stopped/);
  await expect(node.resume()).rejects.toThrow(/stopped/);
});

test('kill() ends a paused node', async () => {
  await using nodes = await startRedisNodes(1);
  const node = nodes.at(0);
  await node.pause();
  await node.kill();
  expect(node.state).toBe('stopped');
  await node.restart();
  const [client] = await nodes.connect();
  expect(await client?.ping()).toBe('PONG');
});
