import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exponentialBackoff, fixedDelay, LockAcquireError, noJitter } from '../../src/index.js';
import type { Lock, RetryContext, RetryStrategy } from '../../src/index.js';
import { acquired, deferred, makeEngine, taken, track, unreachable } from './fake-backend.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the retry loop', () => {
  it('waits the strategy’s delay between attempts', async () => {
    const { engine, backend } = makeEngine({ retry: fixedDelay(100) });
    backend.scriptAcquire(taken(), taken());
    const t0 = performance.now();
    const result = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(99);
    expect(backend.ops('acquire')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(backend.ops('acquire')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(result.status).toBe('fulfilled');
    expect(backend.ops('acquire').map((call) => call.at - t0)).toEqual([0, 100, 200]);
  });

  it('follows an exponential strategy', async () => {
    const { engine, backend } = makeEngine({
      retry: exponentialBackoff({ initialMs: 10, jitter: noJitter }),
    });
    backend.scriptAcquire(taken(), taken(), taken());
    const t0 = performance.now();
    const result = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(result.status).toBe('fulfilled');
    expect(backend.ops('acquire').map((call) => call.at - t0)).toEqual([0, 10, 30, 70]);
  });

  it('tells the strategy the attempt, the elapsed time and why it failed', async () => {
    const seen: Omit<RetryContext, 'random'>[] = [];
    const retry: RetryStrategy = ({ random, ...rest }) => {
      seen.push(rest);
      const r = random();
      expect(r >= 0 && r < 1).toBe(true);
      return 100;
    };
    const { engine, backend } = makeEngine({ retry });
    backend.scriptAcquire(taken(), unreachable());
    const result = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(200);
    expect(result.status).toBe('fulfilled');
    expect(seen).toEqual([
      { attempt: 1, elapsedMs: 0, reason: 'taken' },
      { attempt: 2, elapsedMs: 100, reason: 'unreachable' },
    ]);
  });

  it('uses one token, at least 21 characters long, for every attempt', async () => {
    const { engine, backend } = makeEngine({ retry: fixedDelay(10) });
    backend.scriptAcquire(taken(), unreachable(), taken());
    const result = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(100);
    const tokens = backend.ops('acquire').map((call) => call.request.token);
    expect(tokens).toHaveLength(4);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]!.length).toBeGreaterThanOrEqual(21);
    expect(result.value?.token).toBe(tokens[0]);
    expect(backend.ops('release').map((call) => call.held.token)).toEqual([tokens[0]]);
  });

  it('releases a failed attempt that may hold keys before retrying', async () => {
    const { engine, backend } = makeEngine({ retry: fixedDelay(10) });
    backend.scriptAcquire(unreachable(), taken());
    const result = track(engine.acquire(['a', 'b']));
    await vi.advanceTimersByTimeAsync(20);
    expect(result.status).toBe('fulfilled');
    expect(backend.calls.map((call) => call.op)).toEqual([
      'acquire',
      'release',
      'acquire',
      'acquire',
    ]);
    const [first] = backend.ops('acquire');
    const [release] = backend.ops('release');
    expect(release!.held).toEqual({ keys: ['lock:a', 'lock:b'], token: first!.request.token });
  });

  it('gives up with the strategy, reporting the last attempt', async () => {
    const { engine, backend } = makeEngine({ retry: fixedDelay(10, { maxAttempts: 3 }) });
    backend.acquireDefault = taken();
    const result = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(100);
    expect(result.error).toBeInstanceOf(LockAcquireError);
    const error = result.error as LockAcquireError;
    expect(error.reason).toBe('taken');
    expect(error.attempts).toBe(3);
    expect(error.nodes).toEqual([{ node: 0, outcome: 'taken' }]);
    expect(backend.ops('acquire')).toHaveLength(3);
  });
});

describe('acquireTimeoutMs', () => {
  it('tries until the deadline: the last delay is cut so that a final attempt starts at it', async () => {
    const { engine, backend } = makeEngine({ retry: fixedDelay(100), acquireTimeoutMs: 250 });
    backend.acquireDefault = taken();
    const t0 = performance.now();
    const result = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(249);
    expect(result.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    const error = result.error as LockAcquireError;
    expect(error).toBeInstanceOf(LockAcquireError);
    expect([error.reason, error.timedOut]).toEqual(['taken', true]);
    expect(error.message).toMatch(
      /on r after 4 attempt\(s\): acquireTimeoutMs passed; every attempt/,
    );
    expect(error.attempts).toBe(4);
    expect(error.nodes).toEqual([{ node: 0, outcome: 'taken' }]);
    expect(backend.ops('acquire').map((call) => call.at - t0)).toEqual([0, 100, 200, 250]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(backend.ops('acquire')).toHaveLength(4);
  });

  it('acquires a lock freed at 90% of the timeout (the default backoff too)', async () => {
    const { engine, backend } = makeEngine({ acquireTimeoutMs: 250 });
    backend.acquireDefault = (call) => (call.at - t0 < 225 ? taken() : acquired());
    const t0 = performance.now();
    const result = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(250);
    expect(result.status).toBe('fulfilled');
  });

  it('lets an attempt in flight at the deadline run its course: a late success is granted', async () => {
    const { engine, backend } = makeEngine({ acquireTimeoutMs: 250 });
    const late = deferred<ReturnType<typeof acquired>>();
    backend.scriptAcquire(() => late.promise);
    const result = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(300);
    expect(result.status).toBe('pending');
    late.resolve(acquired());
    await vi.advanceTimersByTimeAsync(0);
    expect(result.status).toBe('fulfilled');
    // Validity counts from the attempt's start: 10,000 − 300 − 102 ms.
    expect((result.value as Lock).validUntil).toBe(Date.now() + 9_598);
  });

  it('Infinity waits as long as the strategy does', async () => {
    const { engine, backend } = makeEngine({
      retry: fixedDelay(60_000),
      acquireTimeoutMs: Infinity,
    });
    backend.scriptAcquire(taken(), taken(), taken());
    const result = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(180_000);
    expect(result.status).toBe('fulfilled');
  });
});

describe('a strategy returning a bad delay', () => {
  it.each([
    ['-1', -1, RangeError],
    ['NaN', Number.NaN, RangeError],
    ['Infinity', Infinity, RangeError],
    ['a string', 'x', TypeError],
    ['true', true, TypeError],
    ['undefined', undefined, TypeError],
  ])('rejects for %s', async (_case, delay, errorClass) => {
    const retry = (() => delay) as unknown as RetryStrategy;
    const { engine, backend } = makeEngine({ retry });
    backend.scriptAcquire(taken());
    const result = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(0);
    expect(result.error).toBeInstanceOf(errorClass);
    expect((result.error as Error).message).toMatch(/retry strategy/);
    expect(backend.ops('acquire')).toHaveLength(1);
    // The failed acquisition left the local queue: the next one reaches the backend.
    await expect(engine.acquire('r')).resolves.toBeDefined();
  });
});

describe('the reason at the deadline', () => {
  it('is timeout when an attempt failed otherwise than taken', async () => {
    const { engine, backend } = makeEngine({ retry: fixedDelay(100), acquireTimeoutMs: 250 });
    backend.scriptAcquire(taken(), unreachable());
    backend.acquireDefault = taken();
    const result = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(250);
    const error = result.error as LockAcquireError;
    expect([error.reason, error.timedOut]).toEqual(['timeout', true]);
  });

  it('is the strategy’s when it stops first, not timed out', async () => {
    const { engine, backend } = makeEngine({ retry: fixedDelay(10, { maxAttempts: 2 }) });
    backend.acquireDefault = taken();
    const result = track(engine.acquire(['a', 'b']));
    await vi.advanceTimersByTimeAsync(10);
    const error = result.error as LockAcquireError;
    expect([error.reason, error.timedOut, error.resources]).toEqual(['taken', false, ['a', 'b']]);
  });
});
