import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockLostError } from '../../src/index.js';
import type { AcquireOutcome } from '../../src/backend.js';
import {
  acquired,
  deferred,
  extendUnreachable,
  makeEngine,
  notHeld,
  track,
} from './fake-backend.js';

const ttlMs = 1_000;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the engine’s timers', () => {
  it('share one timer among many held locks', async () => {
    const { engine } = makeEngine({ ttlMs, autoExtend: true });
    const locks = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) => engine.acquire(`r${i}`)),
    );
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(locks.every((lock) => lock.held)).toBe(true);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('fire each lock’s loss at its own time', async () => {
    const { engine } = makeEngine({ ttlMs });
    const early = await engine.acquire('early', { maxHoldMs: 100 });
    await vi.advanceTimersByTimeAsync(50);
    const late = await engine.acquire('late', { maxHoldMs: 20 });
    await vi.advanceTimersByTimeAsync(19);
    expect([early.held, late.held]).toEqual([true, true]);
    await vi.advanceTimersByTimeAsync(1);
    expect([early.held, late.held]).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(30);
    expect([early.held, late.held]).toEqual([false, false]);
  });

  it('throw nothing and leave no unhandled rejection when locks are lost', async () => {
    const problems: unknown[] = [];
    const record = (problem: unknown): void => {
      problems.push(problem);
    };
    process.on('unhandledRejection', record);
    process.on('uncaughtException', record);
    try {
      const { engine, backend } = makeEngine({ ttlMs, autoExtend: true });
      backend.scriptExtend(notHeld());
      backend.extendDefault = extendUnreachable();
      const late = deferred<AcquireOutcome>();
      const locks = [
        await engine.acquire('not-held'),
        await engine.acquire('unreachable'),
        await engine.acquire('expired', { autoExtend: false }),
        await engine.acquire('max-hold', { autoExtend: false, maxHoldMs: 700 }),
      ];
      backend.scriptAcquire(() => late.promise);
      const abandoned = track(engine.acquire('abandoned', { acquireTimeoutMs: 100 }));
      await vi.advanceTimersByTimeAsync(5_000);
      late.resolve(acquired());
      await vi.advanceTimersByTimeAsync(0);
      expect(locks.map((lock) => (lock.signal.reason as LockLostError).reason)).toEqual([
        'extend-failed',
        'extend-failed',
        'expired',
        'max-hold',
      ]);
      expect(abandoned.status).toBe('rejected');
      vi.useRealTimers();
      // Unhandled rejections are reported after the microtask queue drains.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(problems).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
      process.off('uncaughtException', record);
    }
  });
});
