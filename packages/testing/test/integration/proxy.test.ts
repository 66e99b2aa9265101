// The fault proxy in front of each node: a partition holds bytes (and keeps the RESP stream in
// sync), latency delays both directions, reset drops connections.
import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisClientType } from 'redis';
import { expect, test } from 'vitest';
import { startRedisNodes } from '@redquorum/testing';
import { settleWithin, waitFor } from '../helpers/wait-for.js';

/** The shortest of a few PING round trips: a lower bound that load cannot shrink. */
async function minRoundTripMs(client: RedisClientType, samples = 3): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await client.ping();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

async function oneClient(nodes: { connect(): Promise<RedisClientType[]> }) {
  const [client] = await nodes.connect();
  if (client === undefined) throw new Error('no client');
  return client;
}

test('partition() holds bytes; heal() delivers the pending replies, in order, in sync', async () => {
  await using nodes = await startRedisNodes(1, { proxy: true });
  const node = nodes.at(0);
  const client = await oneClient(nodes);
  await client.set('proxy:a', 'A');
  await client.set('proxy:b', 'B');

  node.partition();
  const first = client.get('proxy:a');
  const second = client.get('proxy:b');
  const write = client.set('proxy:c', 'C');
  expect(await settleWithin(first, 200)).toBe('timeout');
  expect(client.isReady).toBe(true); // the connection stayed open

  node.heal();
  expect(await settleWithin(first, 5_000)).toBe('A');
  expect(await settleWithin(second, 5_000)).toBe('B');
  expect(await settleWithin(write, 5_000)).toBe('OK');
  // Every later command gets its own reply: nothing was dropped or duplicated.
  expect(await client.get('proxy:c')).toBe('C');
  expect(await client.incr('proxy:n')).toBe(1);
  expect(await client.ping()).toBe('PONG');
});

test('latency(50) adds at least 2 × 50 ms to a round trip; latency(0) removes it', async () => {
  await using nodes = await startRedisNodes(1, { proxy: true });
  const node = nodes.at(0);
  const client = await oneClient(nodes);

  node.latency(50);
  // Delayed one way only, a round trip would gain ~50 ms; ≥ 90 means both directions.
  expect(await minRoundTripMs(client)).toBeGreaterThanOrEqual(90);

  node.latency(0);
  expect(await minRoundTripMs(client)).toBeLessThan(90);
});

test('latency with jitter keeps replies in order', async () => {
  await using nodes = await startRedisNodes(1, { proxy: true });
  const node = nodes.at(0);
  const client = await oneClient(nodes);

  node.latency(20, { jitterMs: 20 });
  const pending: Promise<number>[] = [];
  for (let i = 0; i < 30; i++) {
    pending.push(client.incr('proxy:seq'));
    // Pacing, so that commands leave in separate chunks, each with its own random delay.
    await sleep(2);
  }
  // A reordered chunk would hand each reply to the wrong command.
  expect(await Promise.all(pending)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
});

test('latency() rejects a bad ms or jitterMs with a RangeError naming it', async () => {
  await using nodes = await startRedisNodes(1, { proxy: true });
  const node = nodes.at(0);
  expect(() => node.latency(-1)).toThrow(RangeError);
  expect(() => node.latency(Number.NaN)).toThrow(/ms must be >= 0/);
  expect(() => node.latency(Infinity)).toThrow(RangeError);
  expect(() => node.latency(10, { jitterMs: 11 })).toThrow(/jitterMs/);
  expect(() => node.latency(10, { jitterMs: -1 })).toThrow(RangeError);
  expect(() => node.latency(10, { jitterMs: Number.NaN })).toThrow(/jitterMs/);
  expect(() => node.latency(10, { jitterMs: 10 })).not.toThrow();
});

test('faults on a node started without a proxy throw, naming proxy: true', async () => {
  await using nodes = await startRedisNodes(1);
  const node = nodes.at(0);
  expect(() => node.partition()).toThrow(/proxy: true/);
  expect(() => node.latency(10)).toThrow(/proxy: true/);
  expect(() => node.reset()).toThrow(/proxy: true/);
});

test('reset() drops every connection; the client reconnects on a new one', async () => {
  await using nodes = await startRedisNodes(1, { proxy: true });
  const node = nodes.at(0);
  const client = await oneClient(nodes);
  const before = await client.clientId();

  node.reset();
  await waitFor(
    async () => (await client.clientId()) !== before,
    5_000,
    'the client on a new connection',
  );
  expect(await client.ping()).toBe('PONG');
});
