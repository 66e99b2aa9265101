// Two nodes that report one run_id are one server counted twice. The guard finds the pair; the
// first attempt waits for every node's first identification before it grants a lock, so that
// the pair is found before any lock rests on it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { noRetry, Redlock, RestartGuard, SameServerError } from '../../src/index.js';
import { fakeNode } from '../helpers/fake-node.js';

const NODE_TIMEOUT_MS = 100;

describe('RestartGuard.sameServer', () => {
  it('names the first two nodes found with one run_id, lower index first', () => {
    const guard = new RestartGuard(4, 'on', 1_000, 500);
    guard.identified(0, 'run-a', 60_000, 0);
    guard.identified(3, 'run-b', 60_000, 0);
    guard.identified(0, 'run-a', 60_000, 10); // the same node again is no pair
    expect(guard.sameServer).toBeUndefined();
    guard.identified(1, 'run-b', 60_000, 20);
    expect(guard.sameServer).toEqual({ nodes: [1, 3], runId: 'run-b' });
    guard.identified(2, 'run-a', 60_000, 30);
    expect(guard.sameServer).toEqual({ nodes: [1, 3], runId: 'run-b' });
  });
});

describe('a Redlock over two clients of one server', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const options = { ttlMs: 10_000, nodeTimeoutMs: NODE_TIMEOUT_MS, retry: noRetry };

  it('rejects, after releasing what the attempt took, and rejects every later call', async () => {
    const nodes = ['a', 'b', 'a'].map(fakeNode);
    const redlock = new Redlock(
      nodes.map((node) => node.client),
      options,
    );
    const first = redlock.acquire('r').catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(0);
    const error = await first;
    expect(error).toBeInstanceOf(SameServerError);
    expect((error as SameServerError).nodes).toEqual([0, 2]);
    for (const node of nodes) expect(node.scripts()).toContain('release');

    const sent = nodes.map((node) => node.client.calls.length);
    await expect(redlock.tryAcquire('s')).rejects.toBeInstanceOf(SameServerError);
    expect(nodes.map((node) => node.client.calls.length)).toEqual(sent);
  });

  it('waits for a slow first identification before it grants the first lock, once', async () => {
    const nodes = ['a', 'b', 'c'].map(fakeNode);
    nodes[2]!.identify = 'hang';
    const redlock = new Redlock(
      nodes.map((node) => node.client),
      options,
    );
    let settled = false;
    const first = redlock.acquire('r').finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(NODE_TIMEOUT_MS - 1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await (await first).release();

    // Node 2 did not answer in time: it is left out (unresponsive), not waited for again.
    settled = false;
    const second = redlock.acquire('s').finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true);
    await (await second).release();
  });
});
