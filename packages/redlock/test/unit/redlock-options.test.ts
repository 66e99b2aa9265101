import { describe, expect, it } from 'vitest';
import { fixedDelay, resolveRedlockOptions, type RedlockOptions } from '../../src/index.js';

describe('resolveRedlockOptions', () => {
  it('applies the documented defaults', () => {
    const resolved = resolveRedlockOptions(undefined);
    expect(resolved).toMatchObject({
      ttlMs: 10_000,
      driftFactor: 0.01,
      nodeTimeoutMs: 200,
      keyPrefix: 'lock:',
      acquireTimeoutMs: 10_000,
      autoExtend: false,
      maxHoldMs: Infinity,
      fencing: false,
      coalesce: true,
      restartGuard: 'on',
      maxTtlMs: 10_000,
      restartCheckMs: 1000,
    });
    expect(resolved.retry).toBeTypeOf('function');
  });

  it('derives maxTtlMs and nodeTimeoutMs from ttlMs', () => {
    expect(resolveRedlockOptions({ ttlMs: 1000 })).toMatchObject({
      maxTtlMs: 1000,
      nodeTimeoutMs: 50,
    });
    // The node timeout is clamped to a quarter of a short ttl.
    expect(resolveRedlockOptions({ ttlMs: 100 }).nodeTimeoutMs).toBe(25);
    expect(resolveRedlockOptions({ ttlMs: 60_000 }).nodeTimeoutMs).toBe(1200);
  });

  it('keeps every valid override', () => {
    const retry = fixedDelay(5);
    const options: RedlockOptions = {
      ttlMs: 2000,
      driftFactor: 0,
      nodeTimeoutMs: 500,
      keyPrefix: 'a',
      retry,
      acquireTimeoutMs: Infinity,
      fencing: true,
      coalesce: false,
      restartGuard: 'strict',
      maxTtlMs: 30_000,
      restartCheckMs: 1,
    };
    expect(resolveRedlockOptions(options)).toMatchObject({ ...options, retry });
  });

  it('keeps an empty keyPrefix without fencing, and refuses it with fencing', () => {
    expect(resolveRedlockOptions({ keyPrefix: '' }).keyPrefix).toBe('');
    expect(() => resolveRedlockOptions({ keyPrefix: '', fencing: true })).toThrow(
      /keyPrefix must not be empty with fencing/,
    );
  });

  it('accepts both ends of the drift factor range', () => {
    expect(resolveRedlockOptions({ driftFactor: 0 }).driftFactor).toBe(0);
    expect(resolveRedlockOptions({ driftFactor: 0.1 }).driftFactor).toBe(0.1);
  });

  it('accepts a maxTtlMs equal to ttlMs and rejects one below it', () => {
    expect(resolveRedlockOptions({ ttlMs: 5000, maxTtlMs: 5000 }).maxTtlMs).toBe(5000);
    expect(() => resolveRedlockOptions({ ttlMs: 5000, maxTtlMs: 4999 })).toThrow(
      /options\.maxTtlMs/,
    );
  });

  it('does not change the options object it was given', () => {
    const options = Object.freeze({ ttlMs: 3000 });
    resolveRedlockOptions(options);
    expect(options).toEqual({ ttlMs: 3000 });
  });
});
