import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockAcquireError, noRetry } from '../../src/index.js';
import { acquired, after, makeEngine, track } from './fake-backend.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('validity', () => {
  it('succeeds while validity is left: ttl − elapsed − (ttl × 0.01 + 2)', async () => {
    const { engine, backend } = makeEngine({ ttlMs: 1_000, retry: noRetry });
    backend.scriptAcquire(after(987, acquired()));
    const result = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(987);
    expect(result.status).toBe('fulfilled');
    expect(result.value!.validUntil).toBe(Date.now() + 1);
  });

  it.each([988, 990])(
    'fails with reason "validity" and releases when the attempt took %i of 1000 ms',
    async (ms) => {
      const reasons: string[] = [];
      const { engine, backend } = makeEngine({
        ttlMs: 1_000,
        retry: ({ reason }) => {
          reasons.push(reason);
          return false;
        },
      });
      backend.scriptAcquire(after(ms, acquired()));
      const result = track(engine.acquire('r'));
      await vi.advanceTimersByTimeAsync(ms);
      expect(result.status).toBe('rejected');
      const error = result.error as LockAcquireError;
      expect(error).toBeInstanceOf(LockAcquireError);
      expect(error.reason).toBe('validity');
      expect(reasons).toEqual(['validity']);
      expect(backend.ops('release')[0]!.held.token).toBe(backend.ops('acquire')[0]!.request.token);
    },
  );
});
