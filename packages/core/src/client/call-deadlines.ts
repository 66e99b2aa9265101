import { clientSide } from './client-side-error.js';
import type { Settled } from './settle-within.js';

interface Watched {
  readonly deadline: number;
  readonly settle: (settled: Settled<never>, tag: unknown) => void;
  readonly tag: unknown;
  done: boolean;
}

/** A call's timeout, the same frozen object every time. @internal */
export const TIMED_OUT: Settled<never> = Object.freeze({ kind: 'timeout' });

/**
 * `settleWithin` for every call of one connection, with one timer instead of one per call.
 * Calls on a connection share a timeout and are answered in the order they were sent, so their
 * deadlines form a FIFO: a single timer, armed for the oldest unanswered call, times out what
 * is due and re-arms for the next. Calls keep running; late replies land in `onLate`.
 *
 * @example
 * ```ts
 * const deadlines = new CallDeadlines(200);
 * const settled = await deadlines.watch(client.evalSha(sha, { keys, arguments: args }));
 * if (settled.kind === 'timeout') console.warn('no reply within 200 ms'); // it may still come
 * ```
 */
export class CallDeadlines {
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #onTimeout: (() => void) | undefined;
  readonly #onLate: (() => void) | undefined;
  // Calls not yet known to be answered, in slots head…tail-1. The array is kept when it empties
  // (slots cleared one by one): `length = 0` or a new array costs a backing store every call.
  #queue: (Watched | undefined)[] = [];
  #head = 0;
  #tail = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #fire = (): void => this.#expire();

  /**
   * @param timeoutMs - Bound on every call.
   * @param now - Monotonic time in ms; `performance.now` unless a test injects a clock.
   * @param onTimeout - Runs when a call passes its deadline.
   * @param onLate - Runs when a call that timed out settles after all.
   */
  constructor(
    timeoutMs: number,
    now: () => number = () => performance.now(),
    onTimeout?: () => void,
    onLate?: () => void,
  ) {
    this.#timeoutMs = timeoutMs;
    this.#now = now;
    this.#onTimeout = onTimeout;
    this.#onLate = onLate;
  }

  /**
   * Settles with the call's value or error (a `ClientSideError` when the client failed
   * by itself), or a timeout after `timeoutMs`. Never rejects.
   */
  watch<T>(call: Promise<T>): Promise<Settled<T>> {
    return new Promise<Settled<T>>((resolve) => this.track(call, resolve));
  }

  /**
   * Like `watch`, without a promise of its own: `settle` gets the outcome, the value mapped
   * through `map` (whose throw becomes the error), and `tag` as given (so that one callback
   * can serve many calls). When the call rejects and `recover` returns a promise for the error
   * (EVAL after a NOSCRIPT, say), that promise is followed instead, under the same deadline.
   * A rejection that is the client's own failure settles as a `ClientSideError`.
   */
  track<T, U = T, Tag = undefined>(
    call: Promise<T>,
    settle: (settled: Settled<U>, tag: Tag) => void,
    map?: (value: T) => U,
    recover?: (error: unknown) => Promise<T> | undefined,
    tag?: Tag,
  ): void {
    const entry: Watched = {
      deadline: this.#now() + this.#timeoutMs,
      settle: settle as Watched['settle'],
      tag,
      done: false,
    };
    this.#queue[this.#tail++] = entry;
    if (this.#timer === undefined) this.#arm(this.#timeoutMs);
    const onValue = (value: T): void => {
      if (map === undefined) {
        this.#answer(entry, { kind: 'value', value });
        return;
      }
      let mapped: U;
      try {
        mapped = map(value);
      } catch (error) {
        this.#answer(entry, { kind: 'error', error });
        return;
      }
      this.#answer(entry, { kind: 'value', value: mapped });
    };
    call.then(onValue, (error: unknown) => {
      const retry = recover?.(error);
      if (retry === undefined) this.#answer(entry, { kind: 'error', error: clientSide(error) });
      else
        retry.then(onValue, (late: unknown) =>
          this.#answer(entry, { kind: 'error', error: clientSide(late) }),
        );
    });
  }

  #answer<T>(entry: Watched, settled: Settled<T>): void {
    if (entry.done) {
      this.#onLate?.();
      return;
    }
    entry.done = true;
    (entry.settle as (settled: Settled<T>, tag: unknown) => void)(settled, entry.tag);
    this.#dropAnswered();
  }

  /** Drops answered calls from the front, so the queue holds only what may still time out. */
  #dropAnswered(): void {
    const queue = this.#queue;
    while (this.#head < this.#tail && queue[this.#head]!.done) queue[this.#head++] = undefined;
    if (this.#head === this.#tail) {
      this.#head = 0;
      this.#tail = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#tail) {
      this.#queue = queue.slice(this.#head, this.#tail);
      this.#tail -= this.#head;
      this.#head = 0;
    }
  }

  #expire(): void {
    this.#timer = undefined;
    const now = this.#now();
    while (this.#head < this.#tail) {
      const entry = this.#queue[this.#head]!;
      if (!entry.done) {
        if (entry.deadline > now) break;
        entry.done = true;
        this.#onTimeout?.();
        entry.settle(TIMED_OUT, entry.tag);
      }
      this.#queue[this.#head++] = undefined;
    }
    this.#dropAnswered();
    const next = this.#head < this.#tail ? this.#queue[this.#head] : undefined;
    if (next !== undefined) this.#arm(Math.max(1, Math.ceil(next.deadline - now)));
  }

  #arm(delayMs: number): void {
    // Unreferenced: a call still unanswered has a live connection keeping the process up.
    this.#timer = setTimeout(this.#fire, delayMs);
    this.#timer.unref?.();
  }
}
