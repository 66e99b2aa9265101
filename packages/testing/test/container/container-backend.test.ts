// Runs against a real Docker engine: scripts/container-e2e.sh provisions one and runs this
// project (REDQUORUM_CONTAINER_TESTS=1 vitest run --project container).
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createClient } from 'redis';
import { RedisContainer, startRedisNodes, startRedisServer } from '@redquorum/testing';

async function withClient<T>(
  url: string,
  use: (client: ReturnType<typeof createClient>) => Promise<T>,
): Promise<T> {
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.disconnect().catch(() => undefined);
  }
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("backend: 'container'", () => {
  test('starts redis:7, answers on the mapped port, and is removed on dispose', async () => {
    const node = await startRedisServer({ backend: 'container' });
    expect(node).toBeInstanceOf(RedisContainer);
    expect(node.backend).toBe('container');
    expect(node.image).toBe('redis:7');
    expect(node.state).toBe('running');
    expect(node.pid).toBeUndefined();
    expect(node.containerId).toMatch(/^[0-9a-f]{64}$/);
    expect(await withClient(node.url, (c) => c.ping())).toBe('PONG');
    expect(await node.logTail()).toContain('Ready to accept connections');
    await node[Symbol.asyncDispose]();
    expect(node.state).toBe('disposed');
    await expect(withClient(node.serverUrl, (c) => c.ping())).rejects.toThrow();
  });

  test('pause freezes the container and resume thaws it', async () => {
    await using node = await startRedisServer({ backend: 'container' });
    await withClient(node.url, async (client) => {
      await node.pause();
      expect(node.state).toBe('paused');
      const reply = client.ping();
      const raced = await Promise.race([reply, sleep(500).then(() => 'timeout')]);
      expect(raced).toBe('timeout');
      await node.resume();
      expect(node.state).toBe('running');
      expect(await reply).toBe('PONG');
    });
  });

  test('kill then restart keeps the port; aof-always keeps acknowledged writes', async () => {
    await using node = await startRedisServer({
      backend: 'container',
      persistence: 'aof-always',
    });
    const port = node.port;
    await withClient(node.url, (c) => c.set('lock', 'held'));
    await node.kill();
    expect(node.state).toBe('stopped');
    await expect(withClient(node.url, (c) => c.ping())).rejects.toThrow();
    await node.restart();
    expect(node.port).toBe(port);
    expect(await withClient(node.url, (c) => c.get('lock'))).toBe('held');
    await node.restart({ keepData: false });
    expect(node.port).toBe(port);
    expect(await withClient(node.url, (c) => c.get('lock'))).toBeNull();
  });

  test('stop is graceful and restart brings the same container back', async () => {
    await using node = await startRedisServer({ backend: 'container' });
    const id = node.containerId;
    await node.stop();
    expect(node.state).toBe('stopped');
    await node.restart();
    expect(node.containerId).toBe(id);
    expect(await withClient(node.url, (c) => c.ping())).toBe('PONG');
  });

  test('the fault proxy works in front of a container', async () => {
    await using node = await startRedisServer({ backend: 'container', proxy: true });
    expect(node.url).not.toBe(node.serverUrl);
    await withClient(node.url, async (client) => {
      node.partition();
      const reply = client.ping();
      expect(await Promise.race([reply, sleep(300).then(() => 'held')])).toBe('held');
      node.heal();
      expect(await reply).toBe('PONG');
    });
  });

  test('startRedisNodes starts several containers', async () => {
    await using nodes = await startRedisNodes(3, { backend: 'container' });
    expect(new Set(nodes.nodes.map((n) => n.port)).size).toBe(3);
    const clients = await nodes.connect();
    expect(await Promise.all(clients.map((c) => c.ping()))).toEqual(['PONG', 'PONG', 'PONG']);
    await nodes.at(1).pause();
    expect(nodes.at(1).state).toBe('paused');
    await nodes.at(1).resume();
  });

  test('a missing image fails with a start error', async () => {
    await expect(
      startRedisServer({ backend: 'container', image: 'redquorum-no-such-image:0' }),
    ).rejects.toThrow(/did not start/);
  });
});

describe("backend: 'auto'", () => {
  test('falls back to a container when no redis-server is found', async () => {
    vi.stubEnv('REDIS_SERVER_BIN', '/nonexistent/redis-server');
    await using node = await startRedisServer({ backend: 'auto' });
    expect(node.backend).toBe('container');
    expect(await withClient(node.url, (c) => c.ping())).toBe('PONG');
  });
});
