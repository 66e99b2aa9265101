/** The callbacks waiting on one signal, behind its one listener. */
interface Listening {
  readonly callbacks: Set<() => void>;
  readonly fire: () => void;
}

/**
 * One `abort` listener per signal, however many waits share it: the documented shutdown
 * pattern passes one signal to every acquisition, and a listener each made Node print
 * `MaxListenersExceededWarning` past ten. Each engine keeps one of these (no module state).
 *
 * @example
 * ```ts
 * const listeners = new SignalListeners();
 * const stop = listeners.listen(shutdown.signal, () => console.log('aborted'));
 * stop(); // no longer called; the signal's one listener goes once nobody listens
 * ```
 */
export class SignalListeners {
  readonly #bySignal = new WeakMap<AbortSignal, Listening>();

  /**
   * Calls `onAbort` once when `signal` aborts (not if it already has: check `aborted` first).
   * @returns A function that stops listening; calling it again does nothing.
   */
  listen(signal: AbortSignal, onAbort: () => void): () => void {
    let listening = this.#bySignal.get(signal);
    if (listening === undefined) {
      const callbacks = new Set<() => void>();
      const fire = (): void => {
        this.#bySignal.delete(signal);
        for (const callback of callbacks) callback();
      };
      listening = { callbacks, fire };
      this.#bySignal.set(signal, listening);
      signal.addEventListener('abort', fire, { once: true });
    }
    const { callbacks, fire } = listening;
    callbacks.add(onAbort);
    return () => {
      if (!callbacks.delete(onAbort) || callbacks.size > 0) return;
      if (this.#bySignal.get(signal)?.callbacks === callbacks) this.#bySignal.delete(signal);
      signal.removeEventListener('abort', fire);
    };
  }
}
