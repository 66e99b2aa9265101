import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedDelay, LockAcquireError, noRetry } from '../../src/index.js';
import type { Lock } from '../../src/index.js';
import { makeEngine, taken, track } from './fake-backend.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('local coalescing', () => {
  it('queues concurrent acquisitions of one resource: one talks to Redis, FIFO', async () => {
    const { engine, backend } = makeEngine();
    const granted: string[] = [];
    const acquireAs = (name: string): Promise<Lock> =>
      engine.acquire('r').then((lock) => (granted.push(name), lock));
    const a = acquireAs('a');
    const b = track(acquireAs('b'));
    const c = track(acquireAs('c'));
    const lockA = await a;
    await vi.advanceTimersByTimeAsync(100);
    expect(backend.ops('acquire')).toHaveLength(1);
    expect([b.status, c.status]).toEqual(['pending', 'pending']);

    // Released 100 ms into a 10 s ttl: plenty of validity, so the lock itself goes to b.
    expect(await lockA.release()).toEqual({ nodes: [], handedOver: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(b.status).toBe('fulfilled');
    expect(c.status).toBe('pending');
    await b.value!.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(c.status).toBe('fulfilled');
    await c.value!.release();

    expect(granted).toEqual(['a', 'b', 'c']);
    // One acquisition in Redis, passed on twice, deleted by the last holder.
    expect(backend.calls.map((call) => call.op)).toEqual(['acquire', 'release']);
    expect(new Set([lockA.token, b.value!.token, c.value!.token]).size).toBe(1);
  });

  it('waiters reach Redis only after the keys were deleted when no handoff is possible', async () => {
    const { engine, backend } = makeEngine({ ttlMs: 1_000 });
    const lockA = await engine.acquire('r');
    const b = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(100); // 888 ms left: under 90% of b's 1,000 ms ttl
    const outcome = await lockA.release();
    expect(outcome.handedOver).toBeUndefined();
    await vi.advanceTimersByTimeAsync(0);
    expect(b.status).toBe('fulfilled');
    expect(backend.calls.map((call) => call.op)).toEqual(['acquire', 'release', 'acquire']);
    expect(b.value!.token).not.toBe(lockA.token);
  });

  it('is off with coalesce: false: every acquisition talks to Redis', async () => {
    const { engine, backend } = makeEngine({ coalesce: false, retry: noRetry });
    backend.acquireDefault = taken();
    const results = [engine.acquire('r'), engine.acquire('r'), engine.acquire('r')].map(track);
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.ops('acquire')).toHaveLength(3);
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
  });

  it('does not queue different resources behind each other', async () => {
    const { engine, backend } = makeEngine();
    const a = await engine.acquire('a');
    const b = await engine.acquire('b');
    expect(backend.ops('acquire')).toHaveLength(2);
    expect([a.held, b.held]).toEqual([true, true]);
  });

  it('hands the turn on when the head fails to acquire', async () => {
    const { engine, backend } = makeEngine({ retry: noRetry });
    backend.scriptAcquire(taken());
    const first = track(engine.acquire('r'));
    const second = track(engine.acquire('r', { retry: fixedDelay(1_000) }));
    await vi.advanceTimersByTimeAsync(0);
    expect(first.error).toBeInstanceOf(LockAcquireError);
    expect(second.status).toBe('fulfilled');
    expect(backend.ops('acquire')).toHaveLength(2);
  });

  it('hands the turn on when the holder loses the lock', async () => {
    const { engine, backend } = makeEngine({ ttlMs: 1_000 });
    const holder = await engine.acquire('r');
    const next = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(987);
    expect(backend.ops('acquire')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(holder.held).toBe(false);
    expect(backend.ops('acquire')).toHaveLength(2);
    expect(next.status).toBe('fulfilled');
  });
});

describe('a queued waiter', () => {
  it('times out on its own acquireTimeoutMs without reaching Redis', async () => {
    const { engine, backend } = makeEngine();
    const holder = await engine.acquire('r');
    const impatient = track(engine.acquire('r', { acquireTimeoutMs: 500, retry: fixedDelay(100) }));
    const patient = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(499);
    expect(impatient.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    const error = impatient.error as LockAcquireError;
    expect(error).toBeInstanceOf(LockAcquireError);
    // Every attempt found the resource taken: that is the reason, the deadline ended it.
    expect([error.reason, error.timedOut]).toEqual(['taken', true]);
    expect(error.resources).toEqual(['r']);
    // Found taken at 0, 100, 200, 300, 400 and, last, at the deadline.
    expect(error.attempts).toBe(6);
    expect(error.heldLocally).toBe(true);
    expect(error.message).toMatch(/another acquisition in this process/);
    expect(backend.ops('acquire')).toHaveLength(1);
    await holder.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(patient.status).toBe('fulfilled');
    expect(backend.ops('acquire')).toHaveLength(1); // handed over
  });

  it('follows its retry strategy: noRetry rejects at once, saying the holder is local', async () => {
    const { engine, backend } = makeEngine();
    const holder = await engine.acquire('r');
    const once = track(engine.acquire('r', { retry: noRetry }));
    await vi.advanceTimersByTimeAsync(0);
    const error = once.error as LockAcquireError;
    expect(error.reason).toBe('taken');
    expect(error.attempts).toBe(1);
    expect(error.heldLocally).toBe(true);
    expect(backend.ops('acquire')).toHaveLength(1);
    await holder.release();
  });

  it('follows its retry strategy: maxAttempts bounds the waits behind a local holder', async () => {
    const { engine } = makeEngine();
    const holder = await engine.acquire('r');
    const limited = track(engine.acquire('r', { retry: fixedDelay(100, { maxAttempts: 3 }) }));
    await vi.advanceTimersByTimeAsync(199);
    expect(limited.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect((limited.error as LockAcquireError).attempts).toBe(3);
    expect((limited.error as LockAcquireError).reason).toBe('taken');
    await holder.release();
  });

  it('counts its waits as attempts on the lock it gets', async () => {
    const { engine } = makeEngine();
    const holder = await engine.acquire('r');
    const waiter = engine.acquire('r', { retry: fixedDelay(100) });
    await vi.advanceTimersByTimeAsync(250);
    await holder.release();
    // Found taken at 0, 100 and 200; handed the lock during the third wait.
    expect((await waiter).attempts).toBe(3);
    expect(holder.attempts).toBe(1);
  });

  it('rejects with its own signal.reason when aborted, and the next waiter moves up', async () => {
    const { engine, backend } = makeEngine();
    const holder = await engine.acquire('r');
    const controller = new AbortController();
    const reason = new Error('not needed any more');
    const aborted = track(engine.acquire('r', { signal: controller.signal }));
    const next = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(aborted.error).toBe(reason);
    expect(next.status).toBe('pending');
    await holder.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(next.status).toBe('fulfilled');
    expect((next.value as Lock).token).toBe(holder.token); // handed over, no second acquire
    expect(backend.ops('acquire')).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(1); // only the lock's expiry
  });

  it('counts its time in the queue against acquireTimeoutMs', async () => {
    const { engine, backend } = makeEngine();
    const holder = await engine.acquire('r');
    // A longer ttl than the holder's: no handoff, the waiter goes to Redis.
    const waiter = track(
      engine.acquire('r', { acquireTimeoutMs: 500, retry: fixedDelay(100), ttlMs: 20_000 }),
    );
    await vi.advanceTimersByTimeAsync(300);
    backend.acquireDefault = taken();
    await holder.release();
    await vi.advanceTimersByTimeAsync(199);
    expect(waiter.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    // Taken locally at 0, 100, 200 and 300 (that wait's timer fired just before the release);
    // in Redis at 300, 400 and 500, the deadline.
    expect(waiter.status).toBe('rejected');
    expect((waiter.error as LockAcquireError).reason).toBe('taken');
    expect((waiter.error as LockAcquireError).timedOut).toBe(true);
    expect((waiter.error as LockAcquireError).attempts).toBe(7);
    expect((waiter.error as LockAcquireError).heldLocally).toBe(false);
  });

  it('shares one abort listener per signal, however many acquisitions wait on it', async () => {
    const { engine } = makeEngine();
    const shutdown = new AbortController();
    const holder = await engine.acquire('r', { signal: shutdown.signal });
    const waiting = Array.from({ length: 20 }, () =>
      track(engine.acquire('r', { signal: shutdown.signal })),
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1);
    shutdown.abort(new Error('shutting down'));
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.every((call) => call.status === 'rejected')).toBe(true);
    await holder.release();
  });
});
