/**
 * A lock's `signal`, made on first read: most locks are never asked, and an AbortController
 * per lock was the engine's largest cost on the acquire/release path. It aborts with the
 * reason of the lock's first end (release or loss), built only if someone holds the signal.
 * @internal
 */
export class EndSignal {
  #controller: AbortController | undefined;
  #reason: (() => unknown) | undefined;

  /** The signal, aborted already if the lock has ended. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#reason !== undefined) this.#controller.abort(this.#reason());
    }
    return this.#controller.signal;
  }

  /** Aborts the signal with `reason()`, unless an earlier end did. */
  end(reason: () => unknown): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    this.#controller?.abort(reason());
  }
}
