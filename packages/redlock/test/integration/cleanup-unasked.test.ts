// A failed attempt's cleanup goes where the attempt went: a node the attempt did not ask (it
// was unresponsive) cannot hold its keys, and a frozen connection would only pile the cleanup
// up behind commands it has not answered.
import { startRedisNodes } from '@redquorum/testing';
import { describe, expect, it } from 'vitest';
import { LockAcquireError, noRetry, Redlock } from '../../src/index.js';
import { occupy } from '../helpers/node-keys.js';

const NODE_TIMEOUT_MS = 500;
const ATTEMPTS = 20;

/** EVALSHA calls the node ran since its stats were reset. */
async function evalShaCalls(client: { info(section: string): Promise<string> }): Promise<number> {
  const stats = await client.info('commandstats');
  return Number(/cmdstat_evalsha:calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

describe('the cleanup after a failed attempt', () => {
  it('is not sent to a node the attempt did not ask', async () => {
    await using nodes = await startRedisNodes(3);
    const clients = await nodes.connect();
    const redlock = new Redlock(clients, {
      ttlMs: 30_000,
      nodeTimeoutMs: NODE_TIMEOUT_MS,
      retry: noRetry,
      keyPrefix: 'unasked:',
    });
    await (await redlock.acquire('warm-up')).release();
    // Another holder has R on nodes 0 and 1: every attempt fails, and cleans up.
    await occupy(clients, [0, 1], 'unasked:R', 'someone-else', 30_000);
    const frozen = clients[2]!;
    await frozen.configResetStat();
    await nodes.at(2).pause();

    const refused = () => redlock.acquire('R').catch((error: unknown) => error);
    let cleanups = 0;
    try {
      // The first attempt asks node 2 (its vote, then its cleanup, time out): it is now
      // unresponsive. The next ones do not ask it.
      expect(await refused()).toBeInstanceOf(LockAcquireError);
      const start = performance.now();
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        expect(await refused()).toBeInstanceOf(LockAcquireError);
        cleanups++;
      }
      // Each of those attempts identified node 2 at most once per timeout period (a probe).
      const probes = Math.ceil((performance.now() - start) / NODE_TIMEOUT_MS) + 1;
      await nodes.at(2).resume();
      // The first attempt's vote and cleanup, and the probes; not a cleanup per attempt.
      const sent = await evalShaCalls(frozen);
      expect(sent).toBeGreaterThanOrEqual(2);
      expect(sent).toBeLessThanOrEqual(2 + probes);
      expect(sent).toBeLessThan(cleanups);
    } finally {
      if (nodes.at(2).state === 'paused') await nodes.at(2).resume();
    }
  });
});
