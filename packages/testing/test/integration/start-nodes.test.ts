import { expect, test, vi } from 'vitest';
import { startRedisNodes } from '@redquorum/testing';

test('startRedisNodes(5): five distinct nodes, each answering PING through connect()', async () => {
  await using nodes = await startRedisNodes(5);
  expect(nodes.size).toBe(5);
  expect(new Set(nodes.urls).size).toBe(5);
  expect(new Set(nodes.nodes.map((node) => node.port)).size).toBe(5);
  expect(new Set(nodes.nodes.map((node) => node.pid)).size).toBe(5);
  nodes.nodes.forEach((node, index) => {
    expect(node.url).toBe(`redis://127.0.0.1:${node.port}`);
    expect(nodes.urls[index]).toBe(node.url);
    expect(nodes.at(index)).toBe(node);
    expect(node.state).toBe('running');
  });

  const clients = await nodes.connect();
  expect(clients).toHaveLength(5);
  expect(await Promise.all(clients.map((client) => client.ping()))).toEqual(Array(5).fill('PONG'));
  // Each client talks to its own node.
  const ports = await Promise.all(
    clients.map(async (client) => (await client.configGet('port'))['port']),
  );
  expect(ports).toEqual(nodes.nodes.map((node) => String(node.port)));
});

test('at() rejects an index with no node', async () => {
  await using nodes = await startRedisNodes(2);
  for (const index of [-1, 2, 1.5, Number.NaN]) {
    expect(() => nodes.at(index)).toThrow(RangeError);
  }
});

test('starting, connecting and disposing print nothing', async () => {
  const stdout = vi.spyOn(process.stdout, 'write');
  const stderr = vi.spyOn(process.stderr, 'write');
  try {
    {
      await using nodes = await startRedisNodes(2);
      await nodes.connect();
      await nodes.at(0).kill();
    }
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
});
