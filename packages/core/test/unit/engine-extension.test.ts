import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockLostError, LockNotHeldError } from '../../src/index.js';
import type { ExtendOutcome } from '../../src/backend.js';
import {
  after,
  deferred,
  extended,
  extendUnreachable,
  makeEngine,
  notHeld,
  track,
} from './fake-backend.js';

// ttl 1000 ms with the 0.01 drift factor: an instant acquire or extend leaves 988 ms validity.
const ttlMs = 1_000;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function lostReason(signal: AbortSignal): string | undefined {
  return signal.reason instanceof LockLostError ? signal.reason.reason : undefined;
}

describe('auto-extension', () => {
  it('extends at half the validity, with the lock’s ttl and token, and moves validUntil', async () => {
    const { engine, backend } = makeEngine({ ttlMs, autoExtend: true });
    const t0 = performance.now();
    const lock = await engine.acquire('r');
    expect(lock.validUntil).toBe(Date.now() + 988);
    await vi.advanceTimersByTimeAsync(493);
    expect(backend.ops('extend')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(backend.ops('extend')).toHaveLength(1);
    expect(lock.validUntil).toBe(Date.now() + 988);
    await vi.advanceTimersByTimeAsync(2_000);
    const extends_ = backend.ops('extend');
    expect(extends_.map((call) => call.at - t0)).toEqual([494, 988, 1482, 1976, 2470]);
    expect(extends_.every((call) => call.ttlMs === ttlMs)).toBe(true);
    expect(extends_[0]!.held).toEqual({ keys: ['lock:r'], token: lock.token });
    expect(lock.held).toBe(true);
  });

  it('measures validity from the extension’s reply', async () => {
    const { engine, backend } = makeEngine({ ttlMs, autoExtend: true });
    backend.scriptExtend(after(100, extended()));
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(594);
    // Sent at 494, answered at 594: 1000 − 100 − 12 = 888 ms from the reply.
    expect(lock.validUntil).toBe(Date.now() + 888);
  });

  it('stops at maxHoldMs: signal aborts with LockLostError "max-hold"', async () => {
    const { engine, backend } = makeEngine({ ttlMs, autoExtend: true, maxHoldMs: 1_500 });
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(1_499);
    expect(lock.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(lock.signal.aborted).toBe(true);
    expect(lock.signal.reason).toBeInstanceOf(LockLostError);
    expect(lostReason(lock.signal)).toBe('max-hold');
    expect(lock.held).toBe(false);
    expect(backend.ops('extend')).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(backend.ops('extend')).toHaveLength(3);
  });

  it('loses the lock with "extend-failed" when the node no longer holds it', async () => {
    const { engine, backend } = makeEngine({ ttlMs, autoExtend: true });
    backend.scriptExtend(notHeld());
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(494);
    expect(lock.signal.reason).toBeInstanceOf(LockLostError);
    expect(lostReason(lock.signal)).toBe('extend-failed');
    expect((lock.signal.reason as LockLostError).resources).toEqual(['r']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(backend.ops('extend')).toHaveLength(1);
  });

  it('retries an unanswered extension within the validity, then loses the lock at its end', async () => {
    const { engine, backend } = makeEngine({ ttlMs, autoExtend: true });
    backend.extendDefault = extendUnreachable();
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(987);
    expect(lock.signal.aborted).toBe(false);
    const attempts = backend.ops('extend').length;
    expect(attempts).toBeGreaterThan(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(lostReason(lock.signal)).toBe('extend-failed');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(backend.ops('extend')).toHaveLength(attempts);
  });

  it('recovers when a retried extension succeeds', async () => {
    const { engine, backend } = makeEngine({ ttlMs, autoExtend: true });
    backend.scriptExtend(extendUnreachable(), extended());
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(lock.held).toBe(true);
    expect(backend.ops('extend').length).toBeGreaterThan(5);
  });

  it('treats an extension answered after the validity ended as lost', async () => {
    const { engine, backend } = makeEngine({ ttlMs, autoExtend: true });
    backend.scriptExtend(after(600, extended()));
    const lock = await engine.acquire('r');
    const validUntil = lock.validUntil;
    // Sent at 494, answered at 1094, after the validity ended at 988 (a backend that keeps
    // its node timeout never answers this late): loss is signalled at 988, not at the reply.
    await vi.advanceTimersByTimeAsync(990);
    expect(lostReason(lock.signal)).toBe('expired');
    await vi.advanceTimersByTimeAsync(105);
    expect(lock.held).toBe(false);
    expect(lock.validUntil).toBe(validUntil);
  });
});

describe('without auto-extension', () => {
  it('aborts with "expired" when the validity runs out, never extending', async () => {
    const { engine, backend } = makeEngine({ ttlMs });
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(987);
    expect(lock.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(lostReason(lock.signal)).toBe('expired');
    expect(backend.ops('extend')).toHaveLength(0);
  });

  it('aborts with "max-hold" when maxHoldMs comes before the validity ends', async () => {
    const { engine } = makeEngine({ ttlMs, maxHoldMs: 300 });
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(300);
    expect(lostReason(lock.signal)).toBe('max-hold');
  });
});

describe('lock.extend()', () => {
  it('extends the same handle with the lock’s ttl, or the one given', async () => {
    const { engine, backend } = makeEngine({ ttlMs });
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(500);
    await expect(lock.extend()).resolves.toBe(lock);
    expect(lock.validUntil).toBe(Date.now() + 988);
    await expect(lock.extend(5_000)).resolves.toBe(lock);
    expect(lock.validUntil).toBe(Date.now() + 5_000 - 52);
    expect(backend.ops('extend').map((call) => call.ttlMs)).toEqual([1_000, 5_000]);
    // The expiry moved with the extension.
    await vi.advanceTimersByTimeAsync(4_947);
    expect(lock.held).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(lostReason(lock.signal)).toBe('expired');
  });

  it('rejects with LockNotHeldError and loses the lock when the node no longer holds it', async () => {
    const { engine, backend } = makeEngine({ ttlMs });
    backend.scriptExtend(notHeld());
    const lock = await engine.acquire('r');
    await expect(lock.extend()).rejects.toBeInstanceOf(LockNotHeldError);
    expect(lostReason(lock.signal)).toBe('extend-failed');
  });

  it('rejects with the LockLostError when too few nodes answered', async () => {
    const { engine, backend } = makeEngine({ ttlMs });
    backend.scriptExtend(extendUnreachable());
    const lock = await engine.acquire('r');
    const error = await lock.extend().catch((caught: unknown) => caught);
    expect(error).toBe(lock.signal.reason);
    expect(lostReason(lock.signal)).toBe('extend-failed');
  });

  it('rejects with LockNotHeldError after release, without calling Redis', async () => {
    const { engine, backend } = makeEngine({ ttlMs });
    const lock = await engine.acquire('r');
    await lock.release();
    await expect(lock.extend()).rejects.toBeInstanceOf(LockNotHeldError);
    expect(backend.ops('extend')).toHaveLength(0);
  });

  it('runs concurrent extensions one after the other', async () => {
    const { engine, backend } = makeEngine({ ttlMs });
    backend.scriptExtend(after(10, extended()), after(10, extended()));
    const lock = await engine.acquire('r');
    const t0 = performance.now();
    const both = Promise.all([lock.extend(), lock.extend()]);
    await vi.advanceTimersByTimeAsync(20);
    await expect(both).resolves.toEqual([lock, lock]);
    expect(backend.ops('extend').map((call) => call.at - t0)).toEqual([0, 10]);
  });
});

describe('release during an extension', () => {
  it('is not reported as a loss, and nothing is scheduled after it', async () => {
    const { engine, backend } = makeEngine({ ttlMs, autoExtend: true });
    const pending = deferred<ExtendOutcome>();
    backend.scriptExtend(() => pending.promise);
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(494);
    const released = track(lock.release());
    pending.resolve(notHeld());
    await vi.advanceTimersByTimeAsync(0);
    expect(released.status).toBe('fulfilled');
    expect(lock.signal.reason).not.toBeInstanceOf(LockLostError);
    expect((lock.signal.reason as DOMException).name).toBe('AbortError');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(backend.ops('extend')).toHaveLength(1);
  });
});
