import { expect, test } from 'vitest';
import { startRedisNodes } from '@redquorum/testing';

test('the default arguments: no snapshots, no AOF, loopback only, DEBUG allowed locally', async () => {
  await using nodes = await startRedisNodes(1);
  const [client] = await nodes.connect();
  if (client === undefined) throw new Error('no client');
  expect(await client.configGet('save')).toEqual({ save: '' });
  expect(await client.configGet('appendonly')).toEqual({ appendonly: 'no' });
  expect(await client.configGet('bind')).toEqual({ bind: '127.0.0.1' });
  expect(await client.configGet('port')).toEqual({ port: String(nodes.at(0).port) });
  expect(await client.configGet('enable-debug-command')).toEqual({
    'enable-debug-command': 'local',
  });
  expect(await client.sendCommand(['DEBUG', 'SLEEP', '0'])).toBe('OK');
});

test('serverArgs reach redis-server', async () => {
  await using nodes = await startRedisNodes(2, { serverArgs: ['--maxmemory', '10mb'] });
  const clients = await nodes.connect();
  for (const client of clients) {
    expect(await client.configGet('maxmemory')).toEqual({ maxmemory: String(10 * 1024 * 1024) });
  }
});

test("serverArgs come after the harness's own, so they override them", async () => {
  await using nodes = await startRedisNodes(1, { serverArgs: ['--save', '3600 1'] });
  const [client] = await nodes.connect();
  expect(await client?.configGet('save')).toEqual({ save: '3600 1' });
});
