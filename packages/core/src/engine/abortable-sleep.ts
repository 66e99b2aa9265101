import type { SignalListeners } from './signal-listeners.js';

/**
 * Waits `ms`; rejects with `signal.reason`, unchanged, when the signal aborts, and stops
 * listening either way (through `listeners`: one listener per signal, however many wait).
 */
export function abortableSleep(
  ms: number,
  signal: AbortSignal | undefined,
  listeners: SignalListeners,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const stop =
      signal === undefined
        ? undefined
        : listeners.listen(signal, () => {
            clearTimeout(timer);
            reject(signal.reason as Error);
          });
    const timer = setTimeout(() => {
      stop?.();
      resolve();
    }, ms);
  });
}
