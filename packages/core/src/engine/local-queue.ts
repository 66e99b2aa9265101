import type { Handoff } from './handoff.js';
import { abortableWait } from './abortable-wait.js';
import type { SignalListeners } from './signal-listeners.js';

/** A place in a {@link LocalQueue}. */
export interface Ticket {
  /** The lock passed on by the previous holder, when this waiter got it that way. */
  readonly handoff: Handoff | undefined;
  /** Whether no other waiter has queued behind this one: then there is nobody to hand over to. */
  readonly alone: boolean;
  /** Leaves the queue: the next waiter's turn to talk to Redis. */
  leave(): void;
  /** Passes a held lock to the next waiter, if it takes it; leaves the queue when it does. */
  handOver(handoff: Handoff): boolean;
}

/** Whether a waiter asking for `ttlMs` on `keys` takes a lock handed over. */
type Accepts = (handoff: Handoff, ttlMs: number, keys: readonly string[]) => boolean;

/** A caller in the queue; a class, not closures, as every acquisition makes one. */
export class Waiter implements Ticket {
  handoff: Handoff | undefined = undefined;
  /** Whether this waiter is at the head: its turn to talk to Redis (or it was handed the lock). */
  turn = false;
  /** Wakes the `waitTurn` in progress, if any (a wait that ended ignores it). */
  wake: (() => void) | undefined = undefined;
  /**
   * Whether this waiter entered an empty queue and nobody has queued behind it since: then it
   * alone is the queue's entry, and leaving or handing over needs no lookup.
   */
  alone = false;
  /** Set once it left, so that a second `leave()` cannot touch a later waiter's entry. */
  gone = false;
  readonly #queue: LocalQueue;
  readonly #key: string;
  /** The ttl this waiter asks for: whether it takes a handoff depends on it. */
  readonly ttlMs: number;
  /** The keys this waiter locks: a handoff of any other keys is refused. */
  readonly keys: readonly string[];

  constructor(
    queue: LocalQueue,
    key: string,
    asks: { readonly ttlMs: number; readonly keys: readonly string[] },
  ) {
    this.#queue = queue;
    this.#key = key;
    this.ttlMs = asks.ttlMs;
    this.keys = asks.keys;
  }

  leave(): void {
    this.#queue.remove(this.#key, this);
  }

  handOver(handoff: Handoff): boolean {
    return this.#queue.passOn(this.#key, this, handoff);
  }

  /**
   * Waits at most `ms` for this waiter's turn, keeping its place. Resolves `true` at its turn
   * (at once if it came already), `false` when `ms` passed first; rejects with `signal.reason`
   * when the signal aborts first, and leaves the queue then.
   */
  waitTurn(
    ms: number,
    signal: AbortSignal | undefined,
    listeners: SignalListeners,
  ): Promise<boolean> {
    if (this.turn) return Promise.resolve(true);
    const wait = abortableWait({
      ms,
      timedOut: () => this.turn,
      signal,
      listeners,
      onAbort: () => this.leave(),
    });
    this.wake = () => wait.resolve(true);
    return wait.promise;
  }
}

/**
 * Local coalescing (the seed's singleflight, without its data race): concurrent acquisitions
 * of the same keys in one process wait in a FIFO, and only the head talks to Redis. The head
 * keeps its place while it holds the lock and leaves when the lock ends, or hands the lock
 * itself to the next waiter when that one accepts it. How long a waiter waits is its retry
 * strategy's call (see `waitLocally`): each wait is an attempt that found the resource taken.
 */
export class LocalQueue {
  // One waiter alone (the common case: no contention) is stored as itself, not in an array.
  readonly #queues = new Map<string, Waiter | Waiter[]>();
  readonly #accepts: Accepts;

  /**
   * @param accepts - Whether a waiter asking for `ttlMs` on `keys` takes a lock handed over.
   */
  constructor(accepts: Accepts) {
    this.#accepts = accepts;
  }

  /** Whether anyone in this process holds or is acquiring `key`. */
  isBusy(key: string): boolean {
    return this.#queues.has(key);
  }

  /**
   * Joins the queue for `key` (see `queueIdentity`: one name per exact key list). The waiter
   * has its `turn` at once when the queue was empty; otherwise it waits with `waitTurn`, and
   * may find a `handoff` when its turn comes, if the previous holder passed its lock on and it
   * suits `ttlMs` and `keys`.
   */
  enter(key: string, ttlMs: number, keys: readonly string[]): Waiter {
    const entry = this.#queues.get(key);
    const waiter = new Waiter(this, key, { ttlMs, keys });
    if (entry === undefined) {
      waiter.alone = true;
      waiter.turn = true;
      this.#queues.set(key, waiter);
    } else if (Array.isArray(entry)) {
      entry.push(waiter);
    } else {
      entry.alone = false;
      this.#queues.set(key, [entry, waiter]);
    }
    return waiter;
  }

  /** @internal Takes `waiter` out; the next one's turn when it was the head. */
  remove(key: string, waiter: Waiter): void {
    if (waiter.gone) return;
    waiter.gone = true;
    if (waiter.alone) {
      this.#queues.delete(key);
      return;
    }
    // Joined by another waiter at some point: the entry is an array from then on.
    const entry = this.#queues.get(key);
    if (!Array.isArray(entry)) return;
    const index = entry.indexOf(waiter);
    if (index === -1) return;
    entry.splice(index, 1);
    if (entry.length === 0) {
      this.#queues.delete(key);
    } else if (index === 0) {
      const head = entry[0]!;
      head.turn = true;
      head.wake?.();
    }
  }

  /** @internal Passes `handoff` from the head `waiter` to the next, if that one takes it. */
  passOn(key: string, waiter: Waiter, handoff: Handoff): boolean {
    if (waiter.alone || waiter.gone) return false;
    const entry = this.#queues.get(key);
    if (!Array.isArray(entry) || entry[0] !== waiter) return false;
    const next = entry[1];
    if (next === undefined || !this.#accepts(handoff, next.ttlMs, next.keys)) return false;
    entry.shift();
    next.handoff = handoff;
    next.turn = true;
    next.wake?.();
    return true;
  }
}
