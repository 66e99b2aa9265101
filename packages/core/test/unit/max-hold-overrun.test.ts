// Issue 12, defect 3: `maxHoldMs` overrun. A failed auto-extension's retry was scheduled with no
// regard to the hold's end and replaced the loss timer; an extension in flight postponed it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockLostError } from '../../src/index.js';
import { after, extended, extendUnreachable, makeEngine } from './fake-backend.js';

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

describe('maxHoldMs is a hard bound on auto-extension', () => {
  it('a retried extension is not scheduled past the hold: loss at maxHoldMs, no late extension', async () => {
    const { engine, backend } = makeEngine({ ttlMs, autoExtend: true, maxHoldMs: 600 });
    // The extension due at 494 gets too few answers 50 ms later; its retry would be due at
    // 544 + (988 − 544) / 2 = 766, past the hold's end.
    backend.scriptExtend(after(50, extendUnreachable()));
    const t0 = performance.now();
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(599);
    expect(lock.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(lostReason(lock.signal)).toBe('max-hold');
    await vi.advanceTimersByTimeAsync(2_000);
    const sentAt = backend.ops('extend').map((call) => call.at - t0);
    expect(sentAt).toEqual([494]);
  });

  it('an extension in flight at maxHoldMs does not postpone the loss', async () => {
    const { engine, backend } = makeEngine({ ttlMs, autoExtend: true, maxHoldMs: 600 });
    backend.scriptExtend(after(200, extended())); // sent at 494, answered at 694
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(600);
    expect(lostReason(lock.signal)).toBe('max-hold');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(lock.held).toBe(false);
    expect(backend.ops('extend')).toHaveLength(1);
  });

  it('an extension in flight at validUntil does not postpone the loss either', async () => {
    const { engine, backend } = makeEngine({ ttlMs, autoExtend: true });
    backend.scriptExtend(after(700, extended())); // sent at 494, answered past 988
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(988);
    expect(lostReason(lock.signal)).toBe('expired');
  });

  it('retries a failed extension while both validity and the hold leave room', async () => {
    const { engine, backend } = makeEngine({ ttlMs, autoExtend: true, maxHoldMs: 5_000 });
    backend.scriptExtend(after(10, extendUnreachable()));
    const t0 = performance.now();
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(lock.held).toBe(true);
    const sentAt = backend.ops('extend').map((call) => call.at - t0);
    // Failed at 504: retried at 504 + (988 − 504) / 2 = 746, which succeeds.
    expect(sentAt.slice(0, 2)).toEqual([494, 746]);
  });
});
