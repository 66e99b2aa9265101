import type { SignalListeners } from './signal-listeners.js';

/** How an {@link abortableWait} may end besides being settled by its owner. */
export interface AbortableWaitOptions<T> {
  /** Rejects the wait with `signal.reason`, unchanged, when it aborts first. */
  readonly signal: AbortSignal | undefined;
  /** The engine's listeners: one `abort` listener per signal, however many wait on it. */
  readonly listeners: SignalListeners;
  /** Ends the wait after this many ms, resolved with `timedOut()`; no timer when absent. */
  readonly ms?: number;
  /** The value of a wait that timed out. */
  readonly timedOut?: () => T;
  /** Runs when the signal ends the wait, before the rejection (to undo what was started). */
  readonly onAbort?: () => void;
}

/** A wait in progress: its promise, and how its owner settles it. */
export interface AbortableWait<T> {
  readonly promise: Promise<T>;
  /** Resolves the wait, unless it ended already. */
  readonly resolve: (value: T) => void;
  /** Rejects the wait, unless it ended already. */
  readonly reject: (error: unknown) => void;
}

/**
 * The engine's one race against a signal and a timer: a wait that ends when its owner settles
 * it, when `ms` pass, or when the signal aborts (then it rejects with `signal.reason`,
 * unchanged, at once if the signal has aborted already). Whichever comes first clears the
 * timer and stops listening; the others do nothing. The sleep between attempts, an attempt
 * raced against the signal, and a wait behind a local holder are all this.
 *
 * @example
 * ```ts
 * // Sleep 100 ms, or reject with the reason as soon as `signal` aborts.
 * await abortableWait({ ms: 100, timedOut: () => undefined, signal, listeners }).promise;
 * ```
 */
export function abortableWait<T>(options: AbortableWaitOptions<T>): AbortableWait<T> {
  const { signal, ms, timedOut } = options;
  let ended = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopListening: (() => void) | undefined;
  let resolvePromise!: (value: T) => void;
  let rejectPromise!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    resolvePromise = resolve;
    rejectPromise = reject;
  });
  const end = (): boolean => {
    if (ended) return false;
    ended = true;
    if (timer !== undefined) clearTimeout(timer);
    stopListening?.();
    return true;
  };
  const wait: AbortableWait<T> = {
    promise,
    resolve: (value) => {
      if (end()) resolvePromise(value);
    },
    reject: (error) => {
      if (end()) rejectPromise(error);
    },
  };
  if (signal !== undefined) {
    const abort = (): void => {
      if (!end()) return;
      options.onAbort?.();
      rejectPromise(signal.reason);
    };
    if (signal.aborted) {
      abort();
      return wait;
    }
    stopListening = options.listeners.listen(signal, abort);
  }
  if (ms !== undefined && timedOut !== undefined) {
    timer = setTimeout(() => {
      if (end()) resolvePromise(timedOut());
    }, ms);
  }
  return wait;
}
