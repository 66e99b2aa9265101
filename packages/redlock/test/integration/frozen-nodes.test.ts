// Frozen (SIGSTOP) nodes keep their connections open and answer nothing: the worst case for a
// client, since no error ever arrives. Each node costs at most nodeTimeoutMs, and only when its
// vote is needed.
import { startRedisNodes } from '@redquorum/testing';
import { describe, expect, it } from 'vitest';
import { LockAcquireError, noRetry, Redlock } from '../../src/index.js';

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
    expect(outcome.nodes.map((node) => node.outcome)).toEqual([
      'ok',
      'timeout',
      'ok',
      'timeout',
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
    const unanswered = acquireError.nodes
      .filter((node) => node.outcome === 'timeout' || node.outcome === 'pending')
      .map((node) => node.node);
    expect(unanswered).toEqual(frozen);
    expect(acquireError.nodes.filter((node) => !frozen.includes(node.node))).toEqual([
      { node: 1, outcome: 'ok' },
      { node: 3, outcome: 'ok' },
    ]);
    expect(elapsedMs).toBeLessThan(boundMs + 500);
  });
});
