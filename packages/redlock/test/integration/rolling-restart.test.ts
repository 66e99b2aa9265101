// Issue 13 item 3: a lock auto-extended through a rolling restart of all its nodes, each
// restarted empty in turn and waited for past its restart-guard window, stays held, while
// another Redlock keeps trying to take it. Before the fix, extension only renewed keys that were
// still there: each restarted node stayed empty, and the lock was lost at the third restart.
import { LockHistory, startRedisNodes } from '@redquorum/testing';
import type { RedisClientType } from 'redis';
import { describe, expect, it } from 'vitest';
import { fixedDelay, LockAcquireError, Redlock, type RedlockOptions } from '../../src/index.js';
import { waitFor } from '../helpers/wait-for.js';

const OPTIONS: RedlockOptions = {
  // maxTtlMs = ttlMs: the guard's window is short, so the test is too.
  ttlMs: 600,
  nodeTimeoutMs: 150,
  restartGuard: 'on',
  keyPrefix: 'rolling:',
};

const uptimeSeconds = async (client: RedisClientType): Promise<number> =>
  Number(/uptime_in_seconds:(\d+)/.exec(await client.info('server'))?.[1]);

describe('rolling restart', () => {
  it('an auto-extended lock stays held while each of 5 nodes restarts empty in turn', async () => {
    await using nodes = await startRedisNodes(5, { persistence: 'none' });
    const probe = await nodes.connect();
    const holder = new Redlock(await nodes.connect(), OPTIONS);
    const contender = new Redlock(await nodes.connect(), OPTIONS);
    const history = new LockHistory();
    const key = 'rolling:R';

    let done = false;
    let contenderAcquired = 0;
    let contenderTries = 0;
    const contend = async (): Promise<void> => {
      while (!done) {
        contenderTries++;
        try {
          const lock = await contender.acquire('R', {
            acquireTimeoutMs: 100,
            retry: fixedDelay(20),
          });
          contenderAcquired++;
          const stop = history.track(lock, 'contender');
          await lock.release().catch(() => undefined);
          stop();
        } catch (error) {
          if (!(error instanceof LockAcquireError)) throw error;
        }
      }
    };

    const aborted = await holder.using('R', async (signal, lock) => {
      const stop = history.track(lock, 'holder');
      // Started once the holder has the lock: every try it makes must meet the holder.
      const contending = contend();
      for (let index = 0; index < 5; index++) {
        await nodes.at(index).restart({ keepData: false });
        const client = probe[index]!;
        await waitFor(async () => (await client.ping()) === 'PONG', 5_000, 'node back');
        // Past the guard's window (maxTtl 600 ms from the restart, as the holder saw it): the
        // uptime may read up to a second high, so 3 s read is more than 2 s real. Keys the node
        // got before (a vote identification then refused) have expired by now.
        await waitFor(async () => (await uptimeSeconds(client)) >= 3, 6_000, 'past the window');
        // Then an extension counts the node again, and sets the key there again.
        await waitFor(async () => (await client.get(key)) === lock.token, 5_000, 'key set again');
        expect(signal.aborted).toBe(false);
      }
      // Stopped while the lock is still held.
      done = true;
      await contending;
      stop();
      return signal.aborted;
    });

    expect(aborted).toBe(false);
    expect(contenderTries).toBeGreaterThan(0);
    expect(contenderAcquired).toBe(0);
    const report = history.check();
    expect(report.overlaps.count).toBe(0);
    expect(report.holds).toBe(1);
    // Released on every node (the release resolves at a quorum; the rest follow).
    const gone = async () => (await Promise.all(probe.map((c) => c.exists(key)))).every((n) => !n);
    await waitFor(gone, 2_000, 'released everywhere');
  });
});
