// The engine's one race against a signal and a timer (sleeps between attempts, attempts raced
// against the signal, waits behind a local holder): whichever end comes first wins, and every
// end clears the timer and the signal's listener.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { abortableWait } from '../../src/engine/abortable-wait.js';
import { SignalListeners } from '../../src/engine/signal-listeners.js';
import { track } from './fake-backend.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A signal whose `abort` listeners are counted. */
function countedSignal() {
  const controller = new AbortController();
  let listening = 0;
  const add = controller.signal.addEventListener.bind(controller.signal);
  const remove = controller.signal.removeEventListener.bind(controller.signal);
  vi.spyOn(controller.signal, 'addEventListener').mockImplementation((...args) => {
    listening++;
    add(...args);
  });
  vi.spyOn(controller.signal, 'removeEventListener').mockImplementation((...args) => {
    listening--;
    remove(...args);
  });
  return { controller, signal: controller.signal, listening: () => listening };
}

describe('abortableWait', () => {
  it('resolves with timedOut() after ms, and stops listening', async () => {
    const { signal, listening } = countedSignal();
    const wait = track(
      abortableWait({ ms: 100, timedOut: () => 'late', signal, listeners: new SignalListeners() })
        .promise,
    );
    expect(listening()).toBe(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(wait.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(wait.value).toBe('late');
    expect(listening()).toBe(0);
  });

  it('settled by its owner first: the timer is cleared, later ends do nothing', async () => {
    const { controller, signal, listening } = countedSignal();
    const onAbort = vi.fn();
    const wait = abortableWait({
      ms: 100,
      timedOut: () => 'late',
      signal,
      listeners: new SignalListeners(),
      onAbort,
    });
    const result = track(wait.promise);
    wait.resolve('mine');
    wait.reject(new Error('too late'));
    controller.abort(new Error('too late as well'));
    await vi.advanceTimersByTimeAsync(100);
    expect([result.status, result.value]).toEqual(['fulfilled', 'mine']);
    expect(onAbort).not.toHaveBeenCalled();
    expect([vi.getTimerCount(), listening()]).toEqual([0, 0]);
  });

  it('rejects with signal.reason, unchanged, after onAbort, and clears the timer', async () => {
    const { controller, signal } = countedSignal();
    const order: string[] = [];
    const wait = abortableWait({
      ms: 100,
      timedOut: () => 'late',
      signal,
      listeners: new SignalListeners(),
      onAbort: () => order.push('onAbort'),
    });
    const result = track(wait.promise.catch((error: unknown) => order.push('rejected') && error));
    const reason = { why: 'shutdown' };
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(result.value).toBe(reason);
    expect(order).toEqual(['onAbort', 'rejected']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once, sets no timer, for a signal aborted already', async () => {
    const controller = new AbortController();
    const reason = new Error('aborted before');
    controller.abort(reason);
    const onAbort = vi.fn();
    const wait = abortableWait({
      ms: 100,
      timedOut: () => 'late',
      signal: controller.signal,
      listeners: new SignalListeners(),
      onAbort,
    });
    await expect(wait.promise).rejects.toBe(reason);
    expect(onAbort).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('many waits on one signal share its one listener', () => {
    const { signal, listening } = countedSignal();
    const listeners = new SignalListeners();
    const waits = Array.from({ length: 20 }, () =>
      abortableWait<number>({ ms: 100, timedOut: () => 0, signal, listeners }),
    );
    expect(listening()).toBe(1);
    for (const [index, wait] of waits.entries()) wait.resolve(index);
    expect(listening()).toBe(0);
  });

  it('without a signal or ms, waits for its owner alone', async () => {
    const wait = abortableWait<string>({ signal: undefined, listeners: new SignalListeners() });
    expect(vi.getTimerCount()).toBe(0);
    wait.resolve('done');
    await expect(wait.promise).resolves.toBe('done');
  });
});
