// Lifecycle operations called concurrently on one node run one after another, so the node
// never loses track of a server: `state` and `pid` stay true and dispose leaves nothing behind.
import { connect } from 'node:net';
import { createClient } from 'redis';
import { expect, test } from 'vitest';
import { RedisServerStartError, startRedisNodes, startRedisServer } from '@redquorum/testing';
import { childRedisServerPids, isAlive } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait-for.js';

/** Whether anything accepts a TCP connection on the loopback port. */
function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

test('two concurrent restarts, then kill: the port is silent and nothing survives dispose', async () => {
  {
    await using nodes = await startRedisNodes(1);
    const node = nodes.at(0);
    await Promise.all([node.restart(), node.restart()]);
    expect(node.state).toBe('running');
    // One server, and the one the node names.
    expect(childRedisServerPids()).toEqual([node.pid]);

    await node.kill();
    expect(node.state).toBe('stopped');
    expect(node.pid).toBeUndefined();
    expect(await portAnswers(node.port)).toBe(false);
  }
  expect(childRedisServerPids()).toEqual([]);
});

test('kill and restart called together run in call order', async () => {
  {
    await using nodes = await startRedisNodes(1);
    const node = nodes.at(0);

    await Promise.all([node.kill(), node.restart()]);
    expect(node.state).toBe('running');
    expect(childRedisServerPids()).toEqual([node.pid]);
    expect(await portAnswers(node.port)).toBe(true);

    await Promise.all([node.restart(), node.kill()]);
    expect(node.state).toBe('stopped');
    expect(await portAnswers(node.port)).toBe(false);
    expect(childRedisServerPids()).toEqual([]);
  }
  expect(childRedisServerPids()).toEqual([]);
});

test('pause and kill called together: the node is stopped, a later pause is refused', async () => {
  {
    await using nodes = await startRedisNodes(1);
    const node = nodes.at(0);
    const pid = node.pid;
    if (pid === undefined) throw new Error('a running node has no pid');

    await Promise.all([node.pause(), node.kill()]);
    expect(node.state).toBe('stopped');
    expect(isAlive(pid)).toBe(false);
    expect(await portAnswers(node.port)).toBe(false);

    await node.restart();
    const killed = node.kill();
    await expect(node.pause()).rejects.toThrow(/stopped/);
    await killed;
    expect(node.state).toBe('stopped');
  }
  expect(childRedisServerPids()).toEqual([]);
});

test('dispose called during a restart waits for it, then leaves no server', async () => {
  await using nodes = await startRedisNodes(1);
  const node = nodes.at(0);
  const restarted = node.restart();
  await nodes[Symbol.asyncDispose]();
  await restarted;
  expect(node.state).toBe('disposed');
  expect(node.pid).toBeUndefined();
  expect(childRedisServerPids()).toEqual([]);
  await expect(node.restart()).rejects.toThrow(/disposed/);
});

test('a server that exits by itself reads as stopped, without a pid', async () => {
  await using nodes = await startRedisNodes(1);
  const node = nodes.at(0);
  const client = createClient({ url: node.serverUrl });
  client.on('error', () => undefined);
  await client.connect();
  await client.sendCommand(['SHUTDOWN', 'NOSAVE']).catch(() => undefined);
  await client.disconnect().catch(() => undefined);

  await waitFor(() => node.state === 'stopped', 5_000, 'the node reading as stopped');
  expect(node.pid).toBeUndefined();
  await expect(node.pause()).rejects.toThrow(/stopped/);
});

test('restart() fails when another server took the port, rather than adopt it', async () => {
  await using nodes = await startRedisNodes(1);
  const node = nodes.at(0);
  await node.kill();
  await using other = await startRedisServer({ port: node.port });

  await expect(node.restart()).rejects.toThrow(RedisServerStartError);
  expect(node.state).toBe('stopped');
  expect(node.pid).toBeUndefined();
  expect(childRedisServerPids()).toEqual([other.pid]);
});
