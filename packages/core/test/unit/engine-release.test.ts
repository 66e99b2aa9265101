import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockAcquireError, LockLostError, LockNotHeldError, noRetry } from '../../src/index.js';
import { makeEngine, notHeld, released, releasedNothing, taken, track } from './fake-backend.js';

const ttlMs = 1_000;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('lock.release()', () => {
  it('aborts the signal with an AbortError, then deletes the keys with the token', async () => {
    const { engine, backend } = makeEngine();
    const lock = await engine.acquire(['a', 'b']);
    const aborted: boolean[] = [];
    lock.signal.addEventListener('abort', () => aborted.push(backend.ops('release').length > 0));
    await expect(lock.release()).resolves.toEqual(released());
    expect(aborted).toEqual([false]); // the signal aborts before the keys go
    expect(lock.signal.reason).toBeInstanceOf(DOMException);
    expect((lock.signal.reason as DOMException).name).toBe('AbortError');
    expect(lock.held).toBe(false);
    expect(backend.ops('release').map((call) => call.held)).toEqual([
      { keys: ['lock:a', 'lock:b'], token: lock.token },
    ]);
  });

  it('rejects a second release with LockNotHeldError, without calling Redis again', async () => {
    const { engine, backend } = makeEngine();
    const lock = await engine.acquire('r');
    await lock.release();
    await expect(lock.release()).rejects.toBeInstanceOf(LockNotHeldError);
    expect(backend.ops('release')).toHaveLength(1);
  });

  it('rejects with LockNotHeldError, naming the nodes, when no node still held the keys', async () => {
    const { engine, backend } = makeEngine();
    backend.scriptRelease(releasedNothing());
    const lock = await engine.acquire('r');
    const error = await lock.release().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LockNotHeldError);
    expect((error as LockNotHeldError).nodes).toEqual(releasedNothing().nodes);
    expect(lock.signal.aborted).toBe(true);
    expect(lock.held).toBe(false);
  });

  it('stops the lock’s schedule: no loss is reported after release', async () => {
    const { engine, backend } = makeEngine({ ttlMs, autoExtend: true });
    const lock = await engine.acquire('r');
    await lock.release();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(lock.signal.reason).not.toBeInstanceOf(LockLostError);
    expect(backend.ops('extend')).toHaveLength(0);
  });

  it('still deletes the keys of a lost lock, and keeps the loss as the signal’s reason', async () => {
    const { engine, backend } = makeEngine({ ttlMs });
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(988);
    const reason: unknown = lock.signal.reason;
    expect(reason).toBeInstanceOf(LockLostError);
    await lock.release();
    expect(lock.signal.reason).toBe(reason);
    // The loss's own cleanup, then release().
    expect(backend.ops('release')).toHaveLength(2);
  });
});

describe('Symbol.asyncDispose', () => {
  it('releases a held lock', async () => {
    const { engine, backend } = makeEngine();
    const lock = await engine.acquire('r');
    await lock[Symbol.asyncDispose]();
    expect(lock.held).toBe(false);
    expect(backend.ops('release')).toHaveLength(1);
  });

  it('is a no-op after release', async () => {
    const { engine, backend } = makeEngine();
    const lock = await engine.acquire('r');
    await lock.release();
    await expect(lock[Symbol.asyncDispose]()).resolves.toBeUndefined();
    expect(backend.ops('release')).toHaveLength(1);
  });

  it('accepts a lock whose keys are already gone', async () => {
    const { engine, backend } = makeEngine({ ttlMs });
    backend.scriptRelease(releasedNothing());
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(lock[Symbol.asyncDispose]()).resolves.toBeUndefined();
  });

  it('releases on scope exit with `await using`, when the body throws', async () => {
    const { engine, backend } = makeEngine();
    const boom = new Error('boom');
    let seen: boolean | undefined;
    async function body(): Promise<void> {
      await using lock = await engine.acquire('r');
      seen = lock.held;
      throw boom;
    }
    await expect(body()).rejects.toBe(boom);
    expect(seen).toBe(true);
    expect(backend.ops('release')).toHaveLength(1);
  });

  it('releases on scope exit with `await using`, when the body returns', async () => {
    const { engine, backend } = makeEngine();
    async function body(): Promise<string> {
      await using lock = await engine.acquire('r');
      return lock.token;
    }
    const token = await body();
    expect(backend.ops('release').map((call) => call.held.token)).toEqual([token]);
  });
});

describe('using()', () => {
  it('runs the work under the lock, passes its signal, returns the result and releases', async () => {
    const { engine, backend } = makeEngine();
    const result = await engine.using('r', (signal, lock) => {
      expect(signal).toBe(lock.signal);
      expect(lock.held).toBe(true);
      expect(backend.ops('release')).toHaveLength(0);
      return 42;
    });
    expect(result).toBe(42);
    expect(backend.ops('release')).toHaveLength(1);
  });

  it('extends the lock automatically while the work runs', async () => {
    const { engine, backend } = makeEngine({ ttlMs });
    const work = track(
      engine.using('r', () => new Promise<string>((resolve) => setTimeout(resolve, 3_000, 'done'))),
    );
    await vi.advanceTimersByTimeAsync(3_000);
    expect(work.value).toBe('done');
    expect(backend.ops('extend').length).toBeGreaterThanOrEqual(5);
  });

  it('releases and rejects with the work’s error when the work throws', async () => {
    const { engine, backend } = makeEngine();
    const boom = new Error('boom');
    await expect(
      engine.using('r', async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(backend.ops('release')).toHaveLength(1);
  });

  it('keeps the work’s error when the release fails too', async () => {
    const { engine, backend } = makeEngine();
    backend.scriptRelease(releasedNothing());
    const boom = new Error('boom');
    await expect(
      engine.using('r', () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
  });

  it('rejects with the LockLostError when the lock was lost before the work finished', async () => {
    const { engine, backend } = makeEngine({ ttlMs });
    backend.scriptExtend(notHeld());
    let signalAtEnd: AbortSignal | undefined;
    const work = track(
      engine.using('r', async (signal) => {
        await new Promise((resolve) => setTimeout(resolve, 600));
        signalAtEnd = signal;
        return 'too late';
      }),
    );
    await vi.advanceTimersByTimeAsync(600);
    expect(work.status).toBe('rejected');
    expect(work.error).toBeInstanceOf(LockLostError);
    expect(work.error).toBe(signalAtEnd?.reason);
    expect((work.error as LockLostError).reason).toBe('extend-failed');
    // The loss's own cleanup, then the release at the end of using().
    expect(backend.ops('release')).toHaveLength(2);
  });

  it('rejects with "expired" when auto-extension is turned off for the call', async () => {
    const { engine } = makeEngine({ ttlMs });
    const work = track(
      engine.using('r', () => new Promise((resolve) => setTimeout(resolve, 2_000)), {
        autoExtend: false,
      }),
    );
    await vi.advanceTimersByTimeAsync(2_000);
    expect((work.error as LockLostError).reason).toBe('expired');
  });

  it('does not run the work when the lock cannot be acquired', async () => {
    const { engine, backend } = makeEngine({ retry: noRetry });
    backend.scriptAcquire(taken());
    const work = vi.fn();
    await expect(engine.using('r', work)).rejects.toBeInstanceOf(LockAcquireError);
    expect(work).not.toHaveBeenCalled();
  });
});
