// A failure of the Redis client library itself (a synchronous throw, a RangeError or TypeError
// while building the command) is the client's: it settles as a ClientSideError, not as the
// node's error, and the acquisition rejects with it at once instead of retrying.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedDelay, MAX_RESOURCES, type RedisScriptClient } from '../../src/index.js';
import {
  acquireScript,
  ClientSideError,
  NodeBatchers,
  type AcquireOutcome,
  type Settled,
} from '../../src/backend.js';
import { makeEngine, track } from './fake-backend.js';

/** A client whose EVALSHA does `evalSha`, recording the keys of each call. */
function client(evalSha: (keys: string[], sha: string) => Promise<unknown>): RedisScriptClient & {
  readonly calls: string[][];
} {
  const calls: string[][] = [];
  return {
    calls,
    evalSha: (sha, options) => {
      calls.push(options.keys);
      return evalSha(options.keys, sha);
    },
    eval: () => Promise.reject(new Error('EVAL not expected')),
  };
}

const request = (key: string) => ({ keys: [key], fenceKeys: undefined, token: 't', ttlMs: 1_000 });

describe('a call the client failed by itself', () => {
  it('settles as a ClientSideError when evalSha throws synchronously', async () => {
    const thrown = new Error('the adapter cannot send this');
    const node = new NodeBatchers(
      client(() => {
        throw thrown;
      }),
      { timeoutMs: 200, batchable: true },
    );
    const settled = await node.acquire.call(request('a'));
    expect(settled.kind).toBe('error');
    const error = (settled as Extract<Settled<number>, { kind: 'error' }>).error;
    expect(error).toBeInstanceOf(ClientSideError);
    expect((error as ClientSideError).cause).toBe(thrown);
  });

  it.each([
    ['RangeError', new RangeError('Maximum call stack size exceeded')],
    ['TypeError', new TypeError('Cannot read properties of undefined')],
  ])('settles as a ClientSideError when evalSha rejects with a %s', async (_, failure) => {
    const node = new NodeBatchers(
      client(() => Promise.reject(failure)),
      { timeoutMs: 200, batchable: true },
    );
    const settled = await node.release.call({ keys: ['a'], token: 't' });
    expect(settled).toMatchObject({ kind: 'error', error: { cause: failure } });
    expect((settled as { error: unknown }).error).toBeInstanceOf(ClientSideError);
  });

  it("leaves the node's own errors as they are", async () => {
    const reply = new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
    const node = new NodeBatchers(
      client(() => Promise.reject(reply)),
      { timeoutMs: 200, batchable: true },
    );
    expect(await node.release.call({ keys: ['a'], token: 't' })).toEqual({
      kind: 'error',
      error: reply,
    });
  });
});

describe('a batch of large locks', () => {
  it('is split so that no call carries more keys than the largest lock, fenced', async () => {
    // The single-lock script answers 1, a batch one 1 per lock.
    const fake = client(async (keys, sha) =>
      sha === acquireScript.sha1 ? 1 : new Array<number>(keys.length / MAX_RESOURCES).fill(1),
    );
    const node = new NodeBatchers(fake, { timeoutMs: 200, batchable: true });
    const locks = Array.from({ length: 5 }, (_, lock) => ({
      keys: Array.from({ length: MAX_RESOURCES }, (_, i) => `l${lock}:${i}`),
      fenceKeys: undefined,
      token: `t${lock}`,
      ttlMs: 1_000,
    }));
    const settled = await Promise.all(locks.map((lock) => node.acquire.call(lock)));
    expect(settled.map((s) => s.kind)).toEqual(['value', 'value', 'value', 'value', 'value']);
    expect(fake.calls.length).toBeGreaterThan(1);
    for (const keys of fake.calls) expect(keys.length).toBeLessThanOrEqual(2 * MAX_RESOURCES);
    // Every lock's keys were sent, in order.
    expect(fake.calls.flat()).toEqual(locks.flatMap((lock) => lock.keys));
  });

  it('still sends many small locks as one call', async () => {
    const fake = client(async (keys) => keys.map(() => 1));
    const node = new NodeBatchers(fake, { timeoutMs: 200, batchable: true });
    await Promise.all(Array.from({ length: 200 }, (_, i) => node.acquire.call(request(`k${i}`))));
    expect(fake.calls).toHaveLength(1);
  });
});

describe('the acquisition', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const failedBy = (cause: unknown, others: AcquireOutcome['nodes'] = []): AcquireOutcome => ({
    acquired: false,
    reason: 'unreachable',
    nodes: [{ node: 0, outcome: 'error', cause: new ClientSideError(cause) }, ...others],
    mayHoldKeys: true,
  });

  it("rejects at once with the client's error, not retried, nothing to clean up", async () => {
    const { engine, backend } = makeEngine({ retry: fixedDelay(10), acquireTimeoutMs: 10_000 });
    const cause = new RangeError('Maximum call stack size exceeded');
    backend.acquireDefault = failedBy(cause);
    const result = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(0);
    expect(result.status).toBe('rejected');
    expect(result.error).toBe(cause);
    expect(backend.ops('acquire')).toHaveLength(1);
    expect(backend.ops('release')).toHaveLength(0);
  });

  it('is not retried after a later attempt meets it either', async () => {
    const { engine, backend } = makeEngine({ retry: fixedDelay(10), acquireTimeoutMs: 10_000 });
    const cause = new TypeError('bad argument');
    backend.scriptAcquire({
      acquired: false,
      reason: 'taken',
      nodes: [{ node: 0, outcome: 'taken' }],
      mayHoldKeys: false,
    });
    backend.acquireDefault = failedBy(cause);
    const result = track(engine.acquire('r', { signal: new AbortController().signal }));
    await vi.advanceTimersByTimeAsync(10);
    expect(result.status).toBe('rejected');
    expect(result.error).toBe(cause);
    expect(backend.ops('acquire')).toHaveLength(2);
  });

  it('cleans up the nodes that were asked before it rejects', async () => {
    const { engine, backend } = makeEngine({ retry: fixedDelay(10) });
    const cause = new RangeError('too big for this client');
    backend.acquireDefault = failedBy(cause, [
      { node: 1, outcome: 'ok' },
      { node: 2, outcome: 'timeout' },
    ]);
    const result = track(engine.tryAcquire('r'));
    await vi.advanceTimersByTimeAsync(0);
    expect(result.error).toBe(cause);
    expect(backend.ops('acquire')).toHaveLength(1);
    expect(backend.ops('release')).toHaveLength(1);
  });
});
