// The client failing by itself while a lock is held: extend and release say so with the
// client's error, instead of "too few nodes" or "no node confirmed"; auto-extension loses the
// lock at once rather than retrying what would fail alike.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockLostError } from '../../src/index.js';
import { ClientSideError } from '../../src/backend.js';
import type { ReleaseOutcome } from '../../src/index.js';
import type { ExtendOutcome } from '../../src/backend.js';
import { makeEngine, track } from './fake-backend.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const overflow = new RangeError('Maximum call stack size exceeded');
const failedBy = (cause: unknown) => [{ node: 0, outcome: 'error' as const, cause }];
const extendFailed = (): ExtendOutcome => ({
  extended: false,
  reason: 'unreachable',
  nodes: failedBy(new ClientSideError(overflow)),
});

describe('a client failing by itself while a lock is held', () => {
  it('extend() rejects with the client’s error and the lock is lost', async () => {
    const { engine, backend } = makeEngine();
    backend.scriptExtend(extendFailed());
    const lock = await engine.acquire('r');
    const extended = track(lock.extend());
    await vi.advanceTimersByTimeAsync(0);
    expect(extended.error).toBe(overflow);
    expect(lock.held).toBe(false);
  });

  it('auto-extension loses the lock at once, with the client’s error as cause', async () => {
    const { engine, backend } = makeEngine({ ttlMs: 1_000, autoExtend: true });
    backend.scriptExtend(extendFailed());
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(494);
    expect(lock.signal.reason).toBeInstanceOf(LockLostError);
    expect((lock.signal.reason as LockLostError).cause).toBe(overflow);
    expect(backend.ops('extend')).toHaveLength(1);
  });

  it('release() rejects with the client’s error', async () => {
    const { engine, backend } = makeEngine();
    const failed: ReleaseOutcome = { nodes: failedBy(new ClientSideError(overflow)) };
    backend.scriptRelease(failed);
    const lock = await engine.acquire('r');
    await expect(lock.release()).rejects.toBe(overflow);
  });
});
