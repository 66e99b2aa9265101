// node-redis and ioredis, as they ship (offline queues on), queue the commands sent while a
// connection is down and send them to whichever server answers the reconnection. Run over every
// supported client library (the client matrix), each connected with its defaults. A vote queued
// so, across a restart that lost a holder's key, must not count: the node is marked suspect the
// moment its connection breaks, so an identification goes ahead of the vote, on the same
// connection, and reveals the new run_id.
import { CORE_SCRIPTS } from '@redquorum/core/backend';
import { startRedisNodes, waitFor } from '@redquorum/testing';
import { createClient, type RedisClientType } from 'redis';
import { describe, expect, it, onTestFinished } from 'vitest';
import { LockAcquireError, noRetry, Redlock, type RedlockOptions } from '../../src/index.js';
import { CLIENT_KINDS, closeAll, connectAll } from '../helpers/client-kinds.js';
import { waitForEverywhere } from '../helpers/node-keys.js';

const OPTIONS: RedlockOptions = {
  ttlMs: 30_000,
  // Long enough for the queued vote to be answered once the node is back.
  nodeTimeoutMs: 5_000,
  retry: noRetry,
  keyPrefix: 'offline:',
  // No periodic identification during the test: only a break may make the node suspect.
  restartCheckMs: 60_000,
};

/** Puts the scripts on a node, as another process using it would. */
const LOADERS = {
  // Another Redlock ran there: every script, identify included.
  redlock: async (client: RedisClientType) => {
    const other = new Redlock([client], { ttlMs: 30_000, keyPrefix: 'loader:' });
    await (await other.acquire('other'))[Symbol.asyncDispose]();
  },
  // A Locker ran there: the core scripts only, so the identification meets NOSCRIPT and is
  // sent again by EVAL after the vote.
  core: async (client: RedisClientType) => {
    for (const script of CORE_SCRIPTS) await client.scriptLoad(script.lua);
  },
};

describe.each(CLIENT_KINDS)('$name: a vote queued while its node was down', (kind) => {
  it.each([
    ['before the node restarts', 'redlock', 'before'],
    ['before the node restarts', 'core', 'before'],
    ['after the node restarted, before the client reconnects', 'redlock', 'after'],
    ['after the node restarted, before the client reconnects', 'core', 'after'],
  ] as const)('does not count when sent %s (%s scripts loaded)', async (_, loaded, sent) => {
    await using nodes = await startRedisNodes(3, { persistence: 'none', proxy: true });
    const clientsA = await nodes.connect();
    const a = new Redlock(clientsA, OPTIONS);
    const held = await a.acquire('R');
    // A holds R on nodes 0 and 1 only, as if node 2 had missed its attempt.
    await waitForEverywhere(clientsA, 'offline:R', held.token);
    await clientsA[2]!.del('offline:R');

    const shipped = await connectAll(kind, nodes.urls);
    onTestFinished(() => closeAll(shipped));
    const b = new Redlock(
      shipped.map((one) => one.client),
      OPTIONS,
    );
    // B meets every node (and loads its scripts there) before the restart.
    await (await b.acquire('first-contact')).release();

    await nodes.at(0).kill();
    await waitFor(() => !shipped[0]!.ready(), 5_000, "B's client to notice node 0 died");
    // B's reconnection is held until the restarted node has the scripts: its queued commands
    // then run there instead of failing with NOSCRIPT.
    nodes.at(0).partition();
    const attempt = (): Promise<unknown> =>
      b.acquire('R').then(
        (lock) => lock,
        (error: unknown) => error,
      );
    const before = sent === 'before' ? attempt() : undefined;
    await nodes.at(0).restart({ keepData: false });
    const after = sent === 'after' ? attempt() : undefined;
    const loader = createClient({ url: nodes.at(0).serverUrl }) as RedisClientType;
    loader.on('error', () => undefined);
    await loader.connect();
    try {
      await LOADERS[loaded](loader);
    } finally {
      await loader.disconnect();
    }
    nodes.at(0).heal();

    const refusal = await (before ?? after);
    expect(refusal).toBeInstanceOf(LockAcquireError);
    const outcomes = (refusal as LockAcquireError).nodes;
    // Node 0's vote did not count: excluded by its identification, or, when the queued
    // command met the reconnection's break first, an error (timing decides which; both refuse).
    expect(['excluded', 'error']).toContain(outcomes[0]!.outcome);
    expect(outcomes.slice(1).map((node) => node.outcome)).toEqual(['taken', 'ok']);
    // Sent once the node was back up, the vote meets no break: its identification tells.
    if (sent === 'after') expect(outcomes[0]!.cause).toBe('restarted within the max ttl');
    expect(held.validUntil).toBeGreaterThan(Date.now());
    expect(await clientsA[1]!.get('offline:R')).toBe(held.token);
  });
});
