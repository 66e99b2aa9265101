// Issue 12: tests that search. Random programs of acquire / tryAcquire / using / extend /
// release over several managers, with hostile resource names and key prefixes, run on real
// nodes and checked against a model (see ../property/lock-program.ts). One manager's clients
// are configured as node-redis ships them (offline queue on), the others as the harness makes them.
import fc from 'fast-check';
import { createClient, type RedisClientType } from 'redis';
import { expect, test } from 'vitest';
import { Locker, fixedDelay, type LockManager } from '@redquorum/core';
import { startRedisNodes, type RedisNodes } from '@redquorum/testing';
import { Redlock } from '../../src/index.js';
import { namePools, programs, runProgram } from '../property/lock-program.js';
import { checkTwice } from '../property/run-property.js';

const NAMES = 4;
const MANAGERS = 3;

/** Clients as node-redis ships them: offline queue on, default reconnection. */
async function defaultClients(nodes: RedisNodes): Promise<RedisClientType[]> {
  return Promise.all(
    nodes.urls.map(async (url) => {
      const client: RedisClientType = createClient({ url });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    }),
  );
}

/** No key of any node holds a token of the run: every lock released left nothing behind. */
async function leftovers(
  clients: readonly RedisClientType[],
  tokens: Set<string>,
): Promise<string[]> {
  const found: string[] = [];
  for (const client of clients) {
    for (const key of await client.keys('*')) {
      if ((await client.type(key)) !== 'string') continue;
      const value = await client.get(key);
      if (value !== null && tokens.has(value)) found.push(key);
    }
  }
  return found;
}

const cases = fc.record({
  pool: namePools(NAMES),
  program: programs(MANAGERS, NAMES),
  fencing: fc.boolean(),
});

async function search(
  nodes: RedisNodes,
  makeManagers: (prefix: string, fencing: boolean) => Promise<LockManager[]>,
  numRuns: number,
): Promise<void> {
  const clients = await nodes.connect();
  await checkTwice(
    cases,
    async ({ pool, program, fencing }) => {
      await Promise.all(clients.map((client) => client.flushAll()));
      if (fencing && pool.prefix === '') {
        // Every key would be some resource's lock key: fencing refuses it up front.
        await expect(makeManagers(pool.prefix, fencing)).rejects.toThrow(RangeError);
        return;
      }
      const managers = await makeManagers(pool.prefix, fencing);
      const verdict = await runProgram(managers, pool.names, program, fencing);
      expect(verdict.violations).toEqual([]);
      expect(await leftovers(clients, verdict.tokens)).toEqual([]);
    },
    numRuns,
  );
}

test('Lockers on one node: the model holds for hostile names and random programs', async () => {
  await using nodes = await startRedisNodes(1);
  const connected = [await nodes.connect(), await nodes.connect(), await defaultClients(nodes)];
  try {
    await search(
      nodes,
      async (keyPrefix, fencing) =>
        connected.map(
          ([client]) =>
            new Locker(client!, { keyPrefix, fencing, ttlMs: 10_000, retry: fixedDelay(5) }),
        ),
      100,
    );
  } finally {
    await Promise.all(connected[2]!.map((client) => client.quit()));
  }
});

test('Redlocks on three nodes: the model holds for hostile names and random programs', async () => {
  await using nodes = await startRedisNodes(3);
  const connected = [await nodes.connect(), await nodes.connect(), await defaultClients(nodes)];
  try {
    await search(
      nodes,
      async (keyPrefix, fencing) =>
        connected.map(
          (clients) =>
            new Redlock(clients, { keyPrefix, fencing, ttlMs: 10_000, retry: fixedDelay(5) }),
        ),
      60,
    );
  } finally {
    await Promise.all(connected[2]!.map((client) => client.quit()));
  }
});
