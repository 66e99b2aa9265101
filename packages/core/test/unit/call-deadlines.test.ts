// One timer per connection bounds every call on it: a FIFO of deadlines.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallDeadlines, type Settled } from '../../src/backend.js';
import { deferred, track } from './fake-backend.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function deadlines() {
  const hooks = { timedOut: 0, late: 0 };
  const watcher = new CallDeadlines({
    timeoutMs: 200,
    now: () => Date.now(),
    onTimeout: () => hooks.timedOut++,
    onLate: () => hooks.late++,
  });
  return { watcher, hooks };
}

describe('CallDeadlines', () => {
  it('settles with the value, the error, or a timeout at the deadline', async () => {
    const { watcher, hooks } = deadlines();
    const error = new Error('ECONNRESET');
    const value = watcher.watch(Promise.resolve(7));
    const failed = watcher.watch(Promise.reject(error));
    const hung = track(watcher.watch(new Promise(() => undefined)));
    expect(await value).toEqual({ kind: 'value', value: 7 });
    expect(await failed).toEqual({ kind: 'error', error });
    await vi.advanceTimersByTimeAsync(199);
    expect(hung.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(hung.value).toEqual({ kind: 'timeout' });
    expect(hooks).toEqual({ timedOut: 1, late: 0 });
  });

  it('gives each call its own deadline with one timer', async () => {
    const { watcher } = deadlines();
    const first = track(watcher.watch(new Promise(() => undefined)));
    await vi.advanceTimersByTimeAsync(50);
    const second = track(watcher.watch(new Promise(() => undefined)));
    const third = track(watcher.watch(new Promise(() => undefined)));
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(150);
    expect([first.status, second.status, third.status]).toEqual([
      'fulfilled',
      'pending',
      'pending',
    ]);
    await vi.advanceTimersByTimeAsync(50);
    expect([second.status, third.status]).toEqual(['fulfilled', 'fulfilled']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('skips calls answered out of order, and reports a late reply', async () => {
    const { watcher, hooks } = deadlines();
    const slow = deferred<number>();
    const quick = deferred<number>();
    const a = track(watcher.watch(slow.promise));
    await vi.advanceTimersByTimeAsync(100);
    const b = track(watcher.watch(quick.promise));
    await vi.advanceTimersByTimeAsync(100);
    expect(a.value).toEqual({ kind: 'timeout' });
    quick.resolve(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(b.value).toEqual({ kind: 'value', value: 2 });
    slow.resolve(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(hooks).toEqual({ timedOut: 1, late: 1 });
    await vi.advanceTimersByTimeAsync(500);
    expect(hooks.timedOut).toBe(1); // b was answered: nothing more times out
  });

  it('keeps up with many calls, answered or not', async () => {
    const { watcher, hooks } = deadlines();
    const answered = Array.from({ length: 3_000 }, (_, i) => watcher.watch(Promise.resolve(i)));
    const hung = Array.from({ length: 10 }, () => watcher.watch(new Promise(() => undefined)));
    expect((await Promise.all(answered)).every((s) => s.kind === 'value')).toBe(true);
    await vi.advanceTimersByTimeAsync(200);
    expect((await Promise.all(hung)).every((s) => s.kind === 'timeout')).toBe(true);
    expect(hooks.timedOut).toBe(10);
  });

  it('follows what recover returns for a rejection, under the same deadline', async () => {
    const { watcher } = deadlines();
    const noScript = new Error('NOSCRIPT No matching script');
    const recovered: unknown[] = [];
    const recover = (error: unknown) => (error === noScript ? Promise.resolve(5) : undefined);
    const tracked = (recoverWith: (error: unknown) => Promise<number> | undefined) => ({
      settle: (settled: Settled<number>) => recovered.push(settled),
      parse: (raw: number) => raw,
      recover: recoverWith,
    });
    watcher.track(Promise.reject(noScript), tracked(recover));
    const other = new Error('ERR other');
    watcher.track(Promise.reject(other), tracked(recover));
    const late = deferred<number>();
    watcher.track(
      Promise.reject(noScript),
      tracked(() => late.promise),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(recovered).toHaveLength(2);
    expect(recovered).toContainEqual({ kind: 'value', value: 5 });
    expect(recovered).toContainEqual({ kind: 'error', error: other });
    await vi.advanceTimersByTimeAsync(200);
    expect(recovered[2]).toEqual({ kind: 'timeout' });
  });
});
