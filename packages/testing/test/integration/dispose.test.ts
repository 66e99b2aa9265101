import { existsSync } from 'node:fs';
import type { RedisClientType } from 'redis';
import { expect, test } from 'vitest';
import { startRedisNodes, startRedisServer, type RedisServer } from '@redquorum/testing';
import { isAlive } from '../helpers/processes.js';

function pidOf(node: RedisServer): number {
  if (node.pid === undefined) throw new Error(`node on port ${node.port} has no pid`);
  return node.pid;
}

test('leaving an `await using` block kills the nodes, removes their dirs, closes clients', async () => {
  let nodes: RedisServer[];
  let pids: number[];
  let clients: RedisClientType[];
  {
    await using started = await startRedisNodes(3);
    clients = await started.connect();
    nodes = [...started.nodes];
    pids = nodes.map(pidOf);
    expect(pids.every(isAlive)).toBe(true);
    expect(nodes.every((node) => existsSync(node.dir))).toBe(true);
  }
  expect(pids.filter(isAlive)).toEqual([]);
  expect(nodes.filter((node) => existsSync(node.dir))).toEqual([]);
  expect(nodes.map((node) => node.state)).toEqual(['disposed', 'disposed', 'disposed']);
  expect(clients.map((client) => client.isOpen)).toEqual([false, false, false]);
});

test('dispose copes with nodes that are killed, stopped or paused', async () => {
  let nodes: RedisServer[];
  let pids: number[];
  {
    await using started = await startRedisNodes(3);
    await started.connect();
    nodes = [...started.nodes];
    pids = nodes.map(pidOf);
    await started.at(0).kill();
    await started.at(1).stop();
    await started.at(2).pause();
  }
  expect(pids.filter(isAlive)).toEqual([]);
  expect(nodes.filter((node) => existsSync(node.dir))).toEqual([]);
});

test('a single server disposes of itself the same way, and a second dispose does nothing', async () => {
  let server: RedisServer;
  let pid: number;
  {
    await using started = await startRedisServer();
    server = started;
    pid = pidOf(started);
  }
  expect(isAlive(pid)).toBe(false);
  expect(existsSync(server.dir)).toBe(false);
  expect(server.state).toBe('disposed');
  await server[Symbol.asyncDispose]();
  await expect(server.restart()).rejects.toThrow(/disposed/);
});
