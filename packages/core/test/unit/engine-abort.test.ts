import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedDelay } from '../../src/index.js';
import type { AcquireOutcome } from '../../src/backend.js';
import { acquired, deferred, makeEngine, taken, track, unreachable } from './fake-backend.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

// A reason that is not an Error: it must come back as is, not wrapped.
const reason = { why: 'caller gave up' };

describe('an aborted acquisition', () => {
  it('rejects with signal.reason and calls nothing when the signal is already aborted', async () => {
    const { engine, backend } = makeEngine();
    const signal = AbortSignal.abort(reason);
    const error = await engine.acquire('r', { signal }).catch((caught: unknown) => caught);
    expect(error).toBe(reason);
    expect(backend.calls).toEqual([]);
  });

  it('rejects with signal.reason during the retry delay, and stops retrying', async () => {
    const { engine, backend } = makeEngine({ retry: fixedDelay(1_000) });
    backend.acquireDefault = taken();
    const controller = new AbortController();
    const result = track(engine.acquire('r', { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(500);
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(result.status).toBe('rejected');
    expect(result.error).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(backend.ops('acquire')).toHaveLength(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('rejects with signal.reason during an attempt, and releases keys the attempt took', async () => {
    const { engine, backend } = makeEngine();
    const attempt = deferred<AcquireOutcome>();
    backend.scriptAcquire(() => attempt.promise);
    const controller = new AbortController();
    const result = track(engine.acquire('r', { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(result.error).toBe(reason);
    expect(backend.ops('release')).toHaveLength(0);
    attempt.resolve(acquired());
    await vi.advanceTimersByTimeAsync(0);
    const [release] = backend.ops('release');
    expect(release?.held.token).toBe(backend.ops('acquire')[0]!.request.token);
  });

  it('releases after an abandoned attempt that failed but may hold keys', async () => {
    const { engine, backend } = makeEngine();
    const attempt = deferred<AcquireOutcome>();
    backend.scriptAcquire(() => attempt.promise);
    const controller = new AbortController();
    const result = track(engine.acquire('r', { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(0);
    controller.abort(reason);
    attempt.resolve(unreachable());
    await vi.advanceTimersByTimeAsync(0);
    expect(result.error).toBe(reason);
    expect(backend.ops('release')).toHaveLength(1);
  });

  it('does not release after an abandoned attempt that found the resource taken', async () => {
    const { engine, backend } = makeEngine();
    const attempt = deferred<AcquireOutcome>();
    backend.scriptAcquire(() => attempt.promise);
    const controller = new AbortController();
    const result = track(engine.acquire('r', { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(0);
    controller.abort(reason);
    attempt.resolve(taken());
    await vi.advanceTimersByTimeAsync(0);
    expect(result.error).toBe(reason);
    expect(backend.ops('release')).toHaveLength(0);
  });

  it('rejects with the default AbortError reason unchanged too', async () => {
    const { engine, backend } = makeEngine({ retry: fixedDelay(100) });
    backend.acquireDefault = taken();
    const controller = new AbortController();
    const result = track(engine.acquire('r', { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(result.error).toBe(controller.signal.reason);
    expect((result.error as DOMException).name).toBe('AbortError');
  });
});

describe('a signal that never aborts', () => {
  it('keeps no listener once the acquisition is over', async () => {
    const { engine, backend } = makeEngine({ retry: fixedDelay(10) });
    backend.scriptAcquire(taken(), unreachable());
    const controller = new AbortController();
    const result = track(engine.acquire('r', { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(100);
    expect(result.status).toBe('fulfilled');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // Aborting the acquisition's signal later does not touch the lock.
    controller.abort(reason);
    expect(result.value?.held).toBe(true);
    expect(result.value?.signal.aborted).toBe(false);
  });
});
