// Issue 13 item 5: stop auto-extension without releasing (redis-semaphore's stopRefresh).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockLostError } from '../../src/index.js';
import { makeEngine } from './fake-backend.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('lock.stopAutoExtend()', () => {
  it('stops the extensions; the lock stays held until its validity ends', async () => {
    const { engine, backend } = makeEngine({ ttlMs: 1_000, autoExtend: true });
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(494); // the first extension: valid until 494 + 988
    expect(backend.ops('extend')).toHaveLength(1);
    lock.stopAutoExtend();
    await vi.advanceTimersByTimeAsync(987);
    expect(lock.held).toBe(true);
    expect(backend.ops('extend')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(lock.held).toBe(false);
    expect((lock.signal.reason as LockLostError).reason).toBe('expired');
  });

  it('does nothing on a lock that was not auto-extended', async () => {
    const { engine, backend } = makeEngine({ ttlMs: 1_000 });
    const lock = await engine.acquire('r');
    lock.stopAutoExtend();
    await lock.extend(); // by hand, still allowed
    expect(backend.ops('extend')).toHaveLength(1);
    await lock.release();
  });
});
