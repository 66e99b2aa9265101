import { createServer, type Server } from 'node:net';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { startRedisNodes, startRedisServer, type RedisServerOptions } from '@redquorum/testing';
import { childRedisServerPids } from '../helpers/processes.js';

// Each test checks that this process has no redis-server child before and after the call.
// The positive control shows that the check sees the servers this process does start.
beforeEach(() => {
  expect(childRedisServerPids()).toEqual([]);
});
afterEach(() => {
  expect(childRedisServerPids()).toEqual([]);
});

test('control: a started server is seen as a child of this process', async () => {
  await using server = await startRedisServer();
  expect(childRedisServerPids()).toEqual([server.pid]);
});

/** The error `start` rejects with; disposes of whatever it started should it succeed. */
async function rejectionOf(start: () => Promise<AsyncDisposable>): Promise<unknown> {
  return start().then(
    async (started) => {
      await started[Symbol.asyncDispose]();
      return new Error('resolved');
    },
    (error: unknown) => error,
  );
}

const loose = (value: unknown): RedisServerOptions => value as RedisServerOptions;

test.each<[string, () => Promise<AsyncDisposable>, typeof TypeError | typeof RangeError]>([
  ['nodes: count 0', () => startRedisNodes(0), RangeError],
  ['nodes: count -1', () => startRedisNodes(-1), RangeError],
  ['nodes: count 1.5', () => startRedisNodes(1.5), RangeError],
  ['nodes: count NaN', () => startRedisNodes(Number.NaN), RangeError],
  ["nodes: count '3'", () => startRedisNodes('3' as unknown as number), RangeError],
  [
    'nodes: persistence bogus',
    () => startRedisNodes(3, loose({ persistence: 'bogus' })),
    RangeError,
  ],
  [
    'nodes: serverArgs not strings',
    () => startRedisNodes(3, loose({ serverArgs: [1] })),
    TypeError,
  ],
  [
    'server: persistence bogus',
    () => startRedisServer(loose({ persistence: 'bogus' })),
    RangeError,
  ],
  ['server: serverArgs not strings', () => startRedisServer(loose({ serverArgs: [1] })), TypeError],
  ['server: readyTimeoutMs 0', () => startRedisServer({ readyTimeoutMs: 0 }), RangeError],
  ['server: port 70000', () => startRedisServer({ port: 70_000 }), RangeError],
])('%s is rejected before anything is spawned', async (_name, start, errorClass) => {
  expect(await rejectionOf(start)).toBeInstanceOf(errorClass);
});

test('a port in use is rejected with a RangeError before anything is spawned', async () => {
  const holder: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    holder.once('error', reject);
    holder.listen({ port: 0, host: '127.0.0.1' }, resolve);
  });
  try {
    const address = holder.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const error = await rejectionOf(() => startRedisServer({ port: address.port }));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toContain(String(address.port));
  } finally {
    await new Promise<void>((resolve) => holder.close(() => resolve()));
  }
});

test('a fixed free port is used as given', async () => {
  const probe = createServer();
  const port = await new Promise<number>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = probe.address();
      probe.close(() =>
        resolve(typeof address === 'object' && address !== null ? address.port : 0),
      );
    });
  });
  await using server = await startRedisServer({ port });
  expect(server.port).toBe(port);
  expect(server.url).toBe(`redis://127.0.0.1:${port}`);
});
