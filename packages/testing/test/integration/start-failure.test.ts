import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { expect, test } from 'vitest';
import {
  RedisServerStartError,
  startRedisNodes,
  startRedisServer,
  type RedisServer,
} from '@redquorum/testing';
import { childRedisServerPids } from '../helpers/processes.js';

test('a node that cannot start: RedisServerStartError, and no process is left behind', async () => {
  expect(childRedisServerPids()).toEqual([]);
  const error = await startRedisNodes(3, { serverArgs: ['--no-such-option', 'x'] }).then(
    async (nodes) => {
      await nodes[Symbol.asyncDispose]();
      return new Error('resolved');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(RedisServerStartError);
  expect((error as RedisServerStartError).code).toBe('ERR_REDIS_SERVER_START');
  expect((error as Error).message).toMatch(/exited while starting/);
  expect(childRedisServerPids()).toEqual([]);
});

test('a restart that fails leaves the node stopped, and dispose still cleans up', async () => {
  let node: RedisServer;
  {
    await using server = await startRedisServer();
    node = server;
    await server.kill();
    // Taking the port away makes the restart fail: redis-server cannot bind and exits.
    // The harness polls PING on the port meanwhile: drop those connections, or close() waits.
    const holder = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      holder.once('error', reject);
      holder.listen({ port: server.port, host: '127.0.0.1' }, resolve);
    });
    try {
      await expect(server.restart()).rejects.toThrow(RedisServerStartError);
      expect(server.state).toBe('stopped');
      expect(server.pid).toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  }
  expect(node.state).toBe('disposed');
  expect(existsSync(node.dir)).toBe(false);
  expect(childRedisServerPids()).toEqual([]);
});
