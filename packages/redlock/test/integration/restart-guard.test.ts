// The classic Redlock hazard, made deterministic: a node restarts empty and votes again for a
// resource another client still holds. The restart guard refuses the restarted node's vote.
import { startRedisNodes } from '@redquorum/testing';
import type { RedisClientType } from 'redis';
import { describe, expect, it } from 'vitest';
import {
  fixedDelay,
  LockAcquireError,
  noRetry,
  Redlock,
  type RedlockOptions,
} from '../../src/index.js';
import { waitForEverywhere } from '../helpers/node-keys.js';
import { waitFor } from '../helpers/wait-for.js';

const OPTIONS: RedlockOptions = {
  ttlMs: 30_000,
  // Generous: healthy nodes must never time out here, even on a loaded machine.
  nodeTimeoutMs: 1_000,
  retry: noRetry,
  keyPrefix: 'guard:',
};

/** Whether the client's connection is back (a PING answers). */
const answers = (client: RedisClientType) => async () => (await client.ping()) === 'PONG';

/** Per-node outcomes; a frozen node is 'timeout', or 'pending' if the decision came first. */
const outcomes = (error: unknown) =>
  (error as LockAcquireError).nodes.map((node) =>
    node.outcome === 'pending' ? 'timeout' : node.outcome,
  );

describe('restart guard', () => {
  it('A holds R on {0,1,2}; node 0 restarts empty; B tries R on {0,3,4}', async () => {
    await using nodes = await startRedisNodes(5, { persistence: 'none' });
    const clientsA = await nodes.connect();
    const a = new Redlock(clientsA, { ...OPTIONS, restartGuard: 'on' });
    const held = await a.acquire('R');
    // Early quorum: wait for the slowest node to have set A's key too, then make A's keys on
    // 3 and 4 disappear, as if those nodes had missed A's attempt.
    await waitForEverywhere(clientsA, 'guard:R', held.token);
    await Promise.all([3, 4].map((index) => clientsA[index]!.del('guard:R')));

    // B, with the guard off and on, meets every node before the restart.
    const clientsOff = await nodes.connect();
    const clientsOn = await nodes.connect();
    const bOff = new Redlock(clientsOff, { ...OPTIONS, restartGuard: 'off' });
    const bOn = new Redlock(clientsOn, { ...OPTIONS, restartGuard: 'on' });
    for (const b of [bOff, bOn]) await (await b.tryAcquire('first-contact'))!.release();

    await nodes.at(0).kill();
    await nodes.at(0).restart({ keepData: false });
    await nodes.at(1).pause();
    await nodes.at(2).pause();
    await waitFor(answers(clientsOn[0]!), 5_000, "B's client to node 0 reconnected");
    await waitFor(answers(clientsOff[0]!), 5_000, "B's client to node 0 reconnected");

    // Guard off: the known hazard. Node 0 forgot A's key and votes with 3 and 4: two holders.
    // (Its first vote after the restart is lost to NOSCRIPT, as it forgot the scripts too: a
    // script is never re-sent late, so B needs a second attempt.)
    const second = await bOff.acquire('R', { retry: fixedDelay(10, { maxAttempts: 3 }) });
    expect(second).toBeDefined();
    expect(held.held && held.validUntil > Date.now()).toBe(true);
    expect(second.validUntil).toBeGreaterThan(Date.now());
    expect(second.token).not.toBe(held.token);
    const released = await second.release();
    expect(released.nodes.filter((node) => node.outcome === 'ok').map((node) => node.node)).toEqual(
      [0, 3, 4],
    );

    // Guard on, same situation: node 0 restarted less than maxTtl (30 s) ago, its vote does
    // not count, and B is refused.
    const refusal: unknown = await bOn.tryAcquire('R').catch((caught: unknown) => caught);
    expect(refusal).toBeInstanceOf(LockAcquireError);
    expect((refusal as LockAcquireError).nodes[0]).toMatchObject({
      outcome: 'excluded',
      cause: 'restarted within the max ttl',
    });
    expect(outcomes(refusal)).toEqual(['excluded', 'timeout', 'timeout', 'ok', 'ok']);
  });

  it("'strict' distrusts a node younger than maxTtl at first contact; 'on' trusts it", async () => {
    await using nodes = await startRedisNodes(5, { persistence: 'none' });
    const probe = await nodes.connect();
    const uptime = async (client: RedisClientType) =>
      Number(/uptime_in_seconds:(\d+)/.exec(await client.info('server'))?.[1]);
    // Let every node surely pass 2 s of uptime (maxTtl; the reading may be up to 1 s high, so
    // 3), then restart node 0: only it is young.
    const allUp = async () => (await Promise.all(probe.map(uptime))).every((s) => s >= 3);
    await waitFor(allUp, 10_000, 'nodes up for 3 s');
    // Connected first: a client cannot finish connecting to a frozen node.
    const [clientsStrict, clientsOn] = [await nodes.connect(), await nodes.connect()];
    await nodes.at(0).kill();
    await nodes.at(0).restart({ keepData: false });
    for (const clients of [clientsStrict, clientsOn]) {
      await waitFor(answers(clients[0]!), 5_000, 'client to node 0 reconnected');
    }
    await nodes.at(1).pause();
    await nodes.at(2).pause();
    const options = { ...OPTIONS, ttlMs: 2_000, maxTtlMs: 2_000, nodeTimeoutMs: 400 };

    // Both are made after the restart: their first contact with node 0 is now.
    const strict = new Redlock(clientsStrict, { ...options, restartGuard: 'strict' });
    const refusal: unknown = await strict.tryAcquire('S').catch((caught: unknown) => caught);
    expect(refusal).toBeInstanceOf(LockAcquireError);
    expect(outcomes(refusal)).toEqual(['excluded', 'timeout', 'timeout', 'ok', 'ok']);

    const on = new Redlock(clientsOn, { ...options, restartGuard: 'on' });
    // Another resource: the refused attempt's keys may linger (a cleanup release that met
    // NOSCRIPT on these fresh nodes only loads its script).
    const lock = await on.tryAcquire('T');
    expect(lock).toBeDefined();
  });
});
