import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedDelay, LockAcquireError } from '../../src/index.js';
import { makeEngine, taken, unreachable } from './fake-backend.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('tryAcquire', () => {
  it('resolves undefined when taken, after one attempt and no retry', async () => {
    const { engine, backend } = makeEngine({ retry: fixedDelay(10) });
    backend.acquireDefault = taken();
    await expect(engine.tryAcquire('r')).resolves.toBeUndefined();
    expect(backend.ops('acquire')).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves the lock when free', async () => {
    const { engine } = makeEngine();
    const lock = await engine.tryAcquire(['a', 'b']);
    expect(lock?.resources).toEqual(['a', 'b']);
    expect(lock?.held).toBe(true);
  });

  it('rejects when the node is unreachable, releasing what the attempt may have set', async () => {
    const { engine, backend } = makeEngine();
    backend.scriptAcquire(unreachable());
    const error = await engine.tryAcquire('r').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LockAcquireError);
    expect((error as LockAcquireError).reason).toBe('unreachable');
    expect((error as LockAcquireError).attempts).toBe(1);
    expect(backend.ops('release')).toHaveLength(1);
  });

  it('resolves undefined at once when this process already holds the resource', async () => {
    const { engine, backend } = makeEngine();
    const lock = await engine.acquire('r');
    await expect(engine.tryAcquire('r')).resolves.toBeUndefined();
    expect(backend.ops('acquire')).toHaveLength(1);
    await lock.release();
    await expect(engine.tryAcquire('r')).resolves.toBeDefined();
  });
});
