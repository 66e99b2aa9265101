// Frozen (SIGSTOP) nodes keep their connections open and answer nothing: the worst case for a
// client, since no error ever arrives. Each node costs at most nodeTimeoutMs, and only when its
// vote is needed.
import { startRedisNodes } from '@redquorum/testing';
import { describe, expect, it } from 'vitest';
import { LockAcquireError, noRetry, Redlock } from '../../src/index.js';
import { waitFor } from '../helpers/wait-for.js';

const NODE_TIMEOUT_MS = 500;

describe('frozen nodes', () => {
  it('2 of 5 frozen: acquire resolves on the healthy quorum, without waiting for the others', async () => {
    await using nodes = await startRedisNodes(5);
    const clients = await nodes.connect();
    const redlock = new Redlock(clients, {
      ttlMs: 10_000,
      nodeTimeoutMs: NODE_TIMEOUT_MS,
      keyPrefix: 'frozen2:',
    });
    // Meet every node first, so the timed acquire measures the algorithm, not the first contact.
    const warm = await redlock.acquire('warm-up');
    await warm.release();
    await nodes.at(1).pause();
    await nodes.at(3).pause();

    const t0 = performance.now();
    const lock = await redlock.acquire('r');
    const elapsedMs = performance.now() - t0;

    // Healthy time is a few ms; nodeTimeoutMs longer would be 500+ ms.
    expect(elapsedMs).toBeLessThan(NODE_TIMEOUT_MS / 2);
    expect(lock.validUntil).toBeGreaterThan(Date.now());
    const outcome = await lock.release();
    // Resolved on the three healthy nodes' confirmation; the frozen ones are still pending.
    expect(outcome.nodes.map((node) => node.outcome)).toEqual([
      'ok',
      'pending',
      'ok',
      'pending',
      'ok',
    ]);
  });

  // One attempt waits nodeTimeoutMs for the frozen votes, then as long again for the release
  // of what it may have left; with retries, the last release may outlast acquireTimeoutMs.
  it.each([
    ['one attempt', { retry: noRetry }, 2 * NODE_TIMEOUT_MS],
    ['retries until acquireTimeoutMs', { acquireTimeoutMs: 1_500 }, 1_500 + NODE_TIMEOUT_MS],
  ] as const)('3 of 5 frozen: LockAcquireError naming them (%s)', async (_, options, boundMs) => {
    await using nodes = await startRedisNodes(5);
    const clients = await nodes.connect();
    const redlock = new Redlock(clients, {
      ttlMs: 10_000,
      nodeTimeoutMs: NODE_TIMEOUT_MS,
      keyPrefix: 'frozen3:',
    });
    const frozen = [0, 2, 4];
    for (const index of frozen) await nodes.at(index).pause();

    const t0 = performance.now();
    const error: unknown = await redlock.acquire('r', options).catch((caught: unknown) => caught);
    const elapsedMs = performance.now() - t0;

    expect(error).toBeInstanceOf(LockAcquireError);
    const acquireError = error as LockAcquireError;
    expect(['unreachable', 'timeout']).toContain(acquireError.reason);
    const outcomes = acquireError.nodes.map((node) => node.outcome);
    for (const index of frozen) expect(['timeout', 'pending']).toContain(outcomes[index]);
    // Once the frozen nodes' first calls timed out, later attempts do not ask them: they count
    // as timeouts at once, the quorum is impossible at once, and the healthy nodes may not
    // have answered yet when the attempt fails.
    for (const index of [1, 3]) expect(['ok', 'pending']).toContain(outcomes[index]);
    if (options === undefined || !('acquireTimeoutMs' in options)) {
      expect([outcomes[1], outcomes[3]]).toEqual(['ok', 'ok']); // one attempt: first contact
    }
    expect(elapsedMs).toBeLessThan(boundMs + 500);
  });
});

describe('an unresponsive node', () => {
  it('gets no new commands once a call to it timed out, and its releases follow on resume', async () => {
    await using nodes = await startRedisNodes(5);
    const clients = await nodes.connect();
    const redlock = new Redlock(clients, {
      ttlMs: 30_000,
      nodeTimeoutMs: 200,
      keyPrefix: 'frozen1:',
    });
    const warm = await redlock.acquire('warm-up');
    await warm.release();
    const frozen = clients[4]!;
    await frozen.configResetStat();
    await nodes.at(4).pause();

    // Long enough for the first calls to node 4 to time out: from then on it gets no commands.
    const RUN_MS = 1_500;
    let cycles = 0;
    let last = '';
    try {
      for (const end = performance.now() + RUN_MS; performance.now() < end; cycles++) {
        const lock = await redlock.acquire(`r${cycles}`);
        const outcome = await lock.release();
        last = outcome.nodes[4]!.outcome;
      }
    } finally {
      await nodes.at(4).resume();
    }
    // Counted as a timeout at once, not sent, not waited for.
    expect(last).toBe('timeout');

    // Everything that was sent has run now: the calls of the first 200 ms (before the first
    // timeout), one probe per 200 ms and the kept releases in batches; not two per cycle.
    const stats = await frozen.info('commandstats');
    const calls = /cmdstat_evalsha:calls=(\d+)/.exec(stats);
    const sent = Number(calls?.[1] ?? 0);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(cycles);

    // The keys the node set (first cycle, probes) are released on resume, long before the ttl.
    await waitFor(
      async () => (await frozen.keys('frozen1:r*')).length === 0,
      5_000,
      'the frozen node to drop the keys of released locks',
    );
  });
});
