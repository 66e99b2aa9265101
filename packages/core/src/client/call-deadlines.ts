import { clientSide } from './client-side-error.js';
import type { Settled } from './settle-within.js';

/**
 * One call under a deadline: where its outcome goes, how its reply is read, and whether a
 * rejection is answered by another call. Lock operations pass one object that is all three
 * (see `ScriptBatcher`), so a call costs no closures of its own.
 * @category Clients
 */
export interface TrackedCall<Raw, Value> {
  /** Receives the outcome: the read value, the error, or a timeout; exactly once. */
  settle(settled: Settled<Value>): void;
  /** Reads the raw reply; what it throws settles as the call's error. */
  parse(raw: Raw): Value;
  /**
   * The call to follow instead of a rejection, under the same deadline (EVAL after a NOSCRIPT,
   * say); undefined to settle with the error.
   */
  recover(error: unknown): Promise<Raw> | undefined;
}

/**
 * How a {@link CallDeadlines} bounds calls and whom it tells.
 * @category Clients
 */
export interface CallDeadlinesOptions {
  /** Bound on every call. */
  readonly timeoutMs: number;
  /** Monotonic time in ms. @defaultValue `performance.now` */
  readonly now?: () => number;
  /** Runs when a call passes its deadline. */
  readonly onTimeout?: () => void;
  /** Runs when a call that timed out settles after all. */
  readonly onLate?: () => void;
}

interface Watched {
  readonly deadline: number;
  readonly call: { settle(settled: Settled<never>): void };
  done: boolean;
}

/** A call's timeout, the same frozen object every time. @internal */
export const TIMED_OUT: Settled<never> = Object.freeze({ kind: 'timeout' });

/** `watch`'s reading of a reply: as it came. */
const asIs = <T>(raw: T): T => raw;
/** `watch`'s answer to a rejection: none, the error settles the call. */
const noRecovery = (): undefined => undefined;

/**
 * `settleWithin` for every call of one connection, with one timer instead of one per call.
 * Calls on a connection share a timeout and are answered in the order they were sent, so their
 * deadlines form a FIFO: a single timer, armed for the oldest unanswered call, times out what
 * is due and re-arms for the next. Calls keep running; late replies land in `onLate`.
 *
 * @example
 * ```ts
 * const deadlines = new CallDeadlines({ timeoutMs: 200 });
 * const settled = await deadlines.watch(client.evalSha(sha, { keys, arguments: args }));
 * if (settled.kind === 'timeout') console.warn('no reply within 200 ms'); // it may still come
 * ```
 * @category Clients
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

  constructor(options: CallDeadlinesOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#now = options.now ?? (() => performance.now());
    this.#onTimeout = options.onTimeout;
    this.#onLate = options.onLate;
  }

  /**
   * Settles with the call's value or error (a `ClientSideError` when the client failed
   * by itself), or a timeout after `timeoutMs`. Never rejects.
   */
  watch<T>(call: Promise<T>): Promise<Settled<T>> {
    return new Promise<Settled<T>>((resolve) =>
      this.track(call, { settle: resolve, parse: asIs<T>, recover: noRecovery }),
    );
  }

  /**
   * Like `watch`, without a promise of its own: `tracked` gets the outcome, the reply read
   * by its `parse`, and its `recover` may answer a rejection with another call. A rejection
   * that is the client's own failure settles as a `ClientSideError`.
   */
  track<Raw, Value>(call: Promise<Raw>, tracked: TrackedCall<Raw, Value>): void {
    const entry: Watched = { deadline: this.#now() + this.#timeoutMs, call: tracked, done: false };
    this.#queue[this.#tail++] = entry;
    if (this.#timer === undefined) this.#arm(this.#timeoutMs);
    const onValue = (raw: Raw): void => {
      let value: Value;
      try {
        value = tracked.parse(raw);
      } catch (error) {
        this.#answer(entry, tracked, { kind: 'error', error });
        return;
      }
      this.#answer(entry, tracked, { kind: 'value', value });
    };
    call.then(onValue, (error: unknown) => {
      const retry = tracked.recover(error);
      if (retry === undefined)
        this.#answer(entry, tracked, { kind: 'error', error: clientSide(error) });
      else
        retry.then(onValue, (late: unknown) =>
          this.#answer(entry, tracked, { kind: 'error', error: clientSide(late) }),
        );
    });
  }

  #answer<Raw, Value>(
    entry: Watched,
    tracked: TrackedCall<Raw, Value>,
    settled: Settled<Value>,
  ): void {
    if (entry.done) {
      this.#onLate?.();
      return;
    }
    entry.done = true;
    tracked.settle(settled);
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
        entry.call.settle(TIMED_OUT);
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
