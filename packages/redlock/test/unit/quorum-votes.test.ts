// The quorum backend on fake nodes: early quorum, per-node timeouts, release after a failed
// attempt, and the restart guard's exclusions, without Redis and with a fake clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockAcquireError, noRetry, Redlock } from '../../src/index.js';
import { fakeNode, type FakeNode } from '../helpers/fake-node.js';

const NODE_TIMEOUT_MS = 100;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function fiveNodes(): { nodes: FakeNode[]; redlock: Redlock } {
  const nodes = ['a', 'b', 'c', 'd', 'e'].map(fakeNode);
  const redlock = new Redlock(
    nodes.map((node) => node.client),
    { ttlMs: 10_000, nodeTimeoutMs: NODE_TIMEOUT_MS, retry: noRetry },
  );
  return { nodes, redlock };
}

/** Settles `promise` with whatever it came to, advancing the fake clock by `ms` first. */
async function after(ms: number, promise: Promise<unknown>): Promise<unknown> {
  const result = promise.then(
    (value) => value,
    (error: unknown) => error,
  );
  await vi.advanceTimersByTimeAsync(ms);
  return result;
}

describe('quorum votes on fake nodes', () => {
  it('acquires on the first three yes votes without waiting for two hung nodes', async () => {
    const { nodes, redlock } = fiveNodes();
    nodes[1]!.acquire = 'hang';
    nodes[3]!.acquire = 'hang';
    let settled = false;
    const lock = redlock.acquire('r').finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(NODE_TIMEOUT_MS - 1);
    expect(settled).toBe(true);
    await expect(lock).resolves.toMatchObject({ resources: ['r'] });
  });

  it('reports hung nodes as timeouts, not as excluded, even before they were identified', async () => {
    const { nodes, redlock } = fiveNodes();
    for (const index of [0, 2, 4]) {
      nodes[index]!.acquire = 'hang';
      nodes[index]!.identify = 'hang';
    }
    const error = await after(2 * NODE_TIMEOUT_MS, redlock.acquire('r'));
    expect(error).toBeInstanceOf(LockAcquireError);
    expect((error as LockAcquireError).reason).toBe('unreachable');
    expect((error as LockAcquireError).nodes.map((node) => node.outcome)).toEqual([
      'timeout',
      'ok',
      'timeout',
      'ok',
      'timeout',
    ]);
  });

  it('releases on every node after a failed attempt, the late and silent ones included', async () => {
    const { nodes, redlock } = fiveNodes();
    for (const index of [0, 1, 2]) nodes[index]!.acquire = 0;
    nodes[4]!.acquire = 'hang';
    expect(await after(2 * NODE_TIMEOUT_MS, redlock.tryAcquire('r'))).toBeUndefined();
    for (const node of nodes) expect(node.scripts().filter((s) => s === 'release')).toHaveLength(1);
  });

  it('excludes a node whose run_id changed, until maxTtl after its restart', async () => {
    const { nodes, redlock } = fiveNodes();
    const first = (await after(0, redlock.tryAcquire('r'))) as { release(): Promise<unknown> };
    await after(0, first.release());
    // Node 0 fails once (so it is identified again), then comes back as a new process.
    nodes[0]!.acquire = new Error('ECONNRESET');
    await after(0, redlock.tryAcquire('s'));
    nodes[0]!.acquire = 1;
    nodes[0]!.runId = 'a-restarted';
    nodes[0]!.uptimeSeconds = 1;
    for (const index of [1, 2]) nodes[index]!.acquire = 0;

    const refused = await after(0, redlock.tryAcquire('t'));
    // Node 0 said yes, but a vote from a process up for 1 s does not count: no quorum.
    expect(refused).toBeInstanceOf(LockAcquireError);
    expect((refused as LockAcquireError).nodes.map((node) => node.outcome)).toEqual([
      'excluded',
      'taken',
      'taken',
      'ok',
      'ok',
    ]);
    expect((refused as LockAcquireError).nodes[0]!.cause).toBe('restarted within the max ttl');
    // Inside the window the node is not even asked to vote (only told to release, and sent
    // script loads).
    const votes = () =>
      nodes[0]!.scripts().filter((name) => name === 'acquire' || name === 'identify').length;
    const asked = votes();
    await after(
      0,
      redlock.tryAcquire('t').catch(() => undefined),
    );
    expect(votes()).toBe(asked);

    // 10 s (maxTtl) after the restart, node 0 votes again.
    await vi.advanceTimersByTimeAsync(10_000);
    nodes[0]!.uptimeSeconds = 12;
    for (const index of [1, 2]) nodes[index]!.acquire = 1;
    nodes[3]!.acquire = 0;
    nodes[4]!.acquire = 0;
    expect(await after(0, redlock.tryAcquire('u'))).toBeDefined();
  });
});

describe('one node, whose vote is the decision', () => {
  function oneNode(): { node: FakeNode; redlock: Redlock } {
    const node = fakeNode('a');
    const redlock = new Redlock([node.client], {
      ttlMs: 10_000,
      nodeTimeoutMs: NODE_TIMEOUT_MS,
      retry: noRetry,
    });
    return { node, redlock };
  }

  it('acquires and releases on its yes, with its outcome', async () => {
    const { redlock } = oneNode();
    const lock = (await after(0, redlock.acquire('r'))) as Awaited<ReturnType<Redlock['acquire']>>;
    expect(lock.resources).toEqual(['r']);
    await expect(after(0, lock.release())).resolves.toEqual({
      nodes: [{ node: 0, outcome: 'ok' }],
    });
  });

  it('reports taken, a failed or hung node as unreachable, and identifies it again', async () => {
    const { node, redlock } = oneNode();
    node.acquire = 0;
    const taken = await after(0, redlock.acquire('r'));
    expect((taken as LockAcquireError).reason).toBe('taken');
    expect((taken as LockAcquireError).nodes).toEqual([{ node: 0, outcome: 'taken' }]);

    // An error makes the node suspect: its next vote comes with an identification.
    node.acquire = new Error('ECONNRESET');
    const failed = await after(0, redlock.acquire('s'));
    expect((failed as LockAcquireError).reason).toBe('unreachable');
    expect((failed as LockAcquireError).nodes[0]).toMatchObject({ node: 0, outcome: 'error' });
    node.acquire = 1;
    const identified = () => node.scripts().filter((name) => name === 'identify').length;
    const before = identified();
    await after(0, redlock.acquire('t'));
    expect(identified()).toBe(before + 1);

    node.acquire = 'hang';
    const hung = await after(2 * NODE_TIMEOUT_MS, redlock.acquire('u'));
    expect((hung as LockAcquireError).reason).toBe('unreachable');
    expect((hung as LockAcquireError).nodes).toEqual([{ node: 0, outcome: 'timeout' }]);
  });
});
