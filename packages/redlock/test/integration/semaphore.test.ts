// Issue 16: semaphores over the quorum that never over-admit. Each permit is a slot locked
// with the full Redlock algorithm; the checker sweeps the recorded slot holds for the most
// permits held at once (PermitHistory), which must never pass the limit, under contention and
// faults; LockHistory checks that no slot had two holders at once.
import { setTimeout as sleep } from 'node:timers/promises';
import { LockAcquireError, noRetry } from '@redquorum/core';
import { LockHistory, PermitHistory, startRedisNodes, type RedisNodes } from '@redquorum/testing';
import { describe, expect, it } from 'vitest';
import { RedlockSemaphore } from '../../src/index.js';
import { jainIndex } from '../helpers/permit-count.js';

const LIMIT = 4;

/** Workers cycling acquire, a few ms of work, release, each with its own semaphore object. */
async function contend(
  nodes: RedisNodes,
  workers: number,
  durationMs: number,
  faults?: () => Promise<void>,
): Promise<{
  permits: PermitHistory;
  slots: LockHistory;
  counts: number[];
  failures: Record<string, number>;
}> {
  const permits = new PermitHistory({ limit: LIMIT });
  const slots = new LockHistory();
  const counts = Array.from({ length: workers }, () => 0);
  const failures: Record<string, number> = {};
  const until = performance.now() + durationMs;
  const loop = async (worker: number): Promise<void> => {
    const semaphore = new RedlockSemaphore(await nodes.connect(), {
      limit: LIMIT,
      ttlMs: 2_000,
      nodeTimeoutMs: 100,
      acquireTimeoutMs: 1_000,
    });
    while (performance.now() < until) {
      const taken = 1 + (worker % 2);
      try {
        const lock = await semaphore.acquire('jobs', { permits: taken });
        const ends = [permits, slots].map((history) => history.track(lock, `worker-${worker}`));
        await sleep(2 + (worker % 4));
        counts[worker]! += taken;
        await lock.release().catch(() => undefined);
        for (const end of ends) end();
      } catch (error) {
        if (!(error instanceof LockAcquireError)) throw error;
        failures[error.reason] = (failures[error.reason] ?? 0) + 1;
      }
    }
  };
  await Promise.all([...Array.from({ length: workers }, (_, i) => loop(i)), faults?.()]);
  return { permits, slots, counts, failures };
}

describe('RedlockSemaphore', () => {
  it.each([3, 5])('never holds more than the limit under contention on %i nodes', async (n) => {
    await using nodes = await startRedisNodes(n);
    const { permits, slots, counts } = await contend(nodes, 12, 3_000);
    expect(slots.check().overlaps.examples).toEqual([]);
    const report = permits.check();
    expect(report.overAdmissions.examples).toEqual([]);
    // Reached, and never passed.
    expect(report.peaks).toEqual([{ semaphore: 'jobs', peak: LIMIT, limit: LIMIT }]);
    // Every worker got permits while the others cycled (measured: Jain's index over workers).
    expect(Math.min(...counts)).toBeGreaterThan(0);
    expect(jainIndex(counts)).toBeGreaterThan(0.5);
  });

  it('never holds more than the limit while nodes freeze, die, restart and partition', async () => {
    await using nodes = await startRedisNodes(5, { proxy: true });
    const faults = async (): Promise<void> => {
      await sleep(300);
      await nodes.at(0).pause();
      await sleep(400);
      await nodes.at(0).resume();
      await nodes.at(1).kill();
      await sleep(300);
      await nodes.at(1).restart({ keepData: false });
      nodes.partition([2]);
      await sleep(400);
      nodes.heal();
    };
    const { permits, slots, counts } = await contend(nodes, 10, 3_500, faults);
    expect(slots.check().overlaps.examples).toEqual([]);
    const report = permits.check();
    expect(report.holds).toBeGreaterThan(0);
    expect(report.overAdmissions.examples).toEqual([]);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('counts permits all or nothing, and says which resource is full', async () => {
    await using nodes = await startRedisNodes(3);
    const semaphore = new RedlockSemaphore(await nodes.connect(), { limit: 3 });
    const one = await semaphore.acquire('r');
    const two = await semaphore.acquire('r', { permits: 2 });
    expect(new Set([...one.resources, ...two.resources]).size).toBe(3);
    expect(await semaphore.tryAcquire('r')).toBeUndefined();
    await one.release();
    expect(await semaphore.tryAcquire('r', { permits: 2 })).toBeUndefined(); // one free: none
    expect(() => semaphore.acquire('r', { permits: 4 })).toThrow(RangeError);
    const three = await semaphore.acquire('r', { retry: noRetry }); // the one free permit
    const full = await semaphore.acquire('r', { retry: noRetry }).catch((e: unknown) => e);
    expect(full).toBeInstanceOf(LockAcquireError);
    expect((full as LockAcquireError).resources).toEqual(['r']);
    expect((full as LockAcquireError).reason).toBe('taken');
    await three.release();
    await two.release();
  });
});
