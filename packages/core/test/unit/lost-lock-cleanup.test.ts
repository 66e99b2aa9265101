// Issue 13 item 4: a lost lock's keys are deleted (token-checked, best effort) when the loss is
// signalled, so the next waiter need not wait out the ttl; a failing cleanup never throws.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockLostError, lockChannels, type LockEvent } from '../../src/index.js';
import type { ReleaseOutcome } from '../../src/index.js';
import type { HeldKeys } from '../../src/backend.js';
import { extendUnreachable, FakeBackend, makeEngine, notHeld } from './fake-backend.js';

const ttlMs = 1_000;

/** A FakeBackend that also records whether each release was a cleanup. */
class CleanupRecording extends FakeBackend {
  readonly cleanups: (boolean | undefined)[] = [];
  override release(held: HeldKeys, cleanup?: boolean): Promise<ReleaseOutcome> {
    this.cleanups.push(cleanup);
    return super.release(held);
  }
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a lost lock deletes its keys', () => {
  it.each([
    ['expired', { ttlMs }, () => undefined],
    ['max-hold', { ttlMs, autoExtend: true, maxHoldMs: 700 }, () => undefined],
    ['extend-failed', { ttlMs, autoExtend: true }, (b: FakeBackend) => b.scriptExtend(notHeld())],
    [
      'extend-failed',
      { ttlMs, autoExtend: true },
      (b: FakeBackend) => (b.extendDefault = extendUnreachable()),
    ],
  ] as const)(
    'on loss "%s": one cleanup with the token, before signal aborts',
    async (reason, options, setUp) => {
      const backend = new CleanupRecording();
      setUp(backend);
      const { engine } = makeEngine(options, backend);
      const lock = await engine.acquire('r');
      const releasesAtAbort: number[] = [];
      lock.signal.addEventListener('abort', () => {
        releasesAtAbort.push(backend.ops('release').length);
      });
      await vi.advanceTimersByTimeAsync(2_000);
      expect(lock.signal.reason).toBeInstanceOf(LockLostError);
      expect((lock.signal.reason as LockLostError).reason).toBe(reason);
      expect(backend.ops('release').map((call) => call.held)).toEqual([
        { keys: ['lock:r'], token: lock.token },
      ]);
      expect(backend.cleanups).toEqual([true]);
      expect(releasesAtAbort).toEqual([1]);
    },
  );

  it('a manual extension that fails deletes the keys too', async () => {
    const backend = new CleanupRecording().scriptExtend(notHeld());
    const { engine } = makeEngine({ ttlMs }, backend);
    const lock = await engine.acquire('r');
    await expect(lock.extend()).rejects.toThrow();
    expect(backend.cleanups).toEqual([true]);
  });

  it('a release is not a loss: no cleanup, only the release', async () => {
    const backend = new CleanupRecording();
    const { engine } = makeEngine({ ttlMs, autoExtend: true }, backend);
    const lock = await engine.acquire('r');
    await lock.release();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(backend.cleanups).toEqual([undefined]);
  });

  it.each([
    ['rejects', () => Promise.reject(new Error('boom'))],
    [
      'throws',
      () => {
        throw new Error('boom');
      },
    ],
  ] as const)(
    'a cleanup that %s is published on redquorum:release, never thrown',
    async (_, release) => {
      const backend = new FakeBackend();
      backend.release = release;
      const { engine } = makeEngine({ ttlMs }, backend);
      const events: LockEvent[] = [];
      const listen = (message: unknown): void => {
        events.push(message as LockEvent);
      };
      const unhandled: unknown[] = [];
      const onUnhandled = (error: unknown): void => {
        unhandled.push(error);
      };
      subscribe(lockChannels.release.name, listen);
      process.on('unhandledRejection', onUnhandled);
      try {
        const lock = await engine.acquire('r');
        await vi.advanceTimersByTimeAsync(2_000);
        expect(lock.signal.reason).toBeInstanceOf(LockLostError);
        // Unhandled rejections are reported after a macrotask: let a real one pass.
        vi.useRealTimers();
        await new Promise<void>((resolve) => setImmediate(resolve));
      } finally {
        unsubscribe(lockChannels.release.name, listen);
        process.off('unhandledRejection', onUnhandled);
      }
      expect(unhandled).toEqual([]);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ resources: ['r'], ok: false });
      expect((events[0]!.error as Error).message).toBe('boom');
    },
  );
});
