import type { HeldKeys } from '../backend/lock-backend.js';

/** A held lock passed from one local holder to the next waiter, still held in Redis. */
export interface Handoff {
  /** The keys and the token they hold. */
  readonly held: HeldKeys;
  /** Monotonic time until which the lock is valid, as computed at its last acquire or extend. */
  readonly validUntilMono: number;
  /** Monotonic time the lock was acquired in Redis, before any handoff. */
  readonly chainStartedAt: number;
}

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
class Waiter implements Ticket {
  handoff: Handoff | undefined = undefined;
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

  constructor(queue: LocalQueue, key: string, ttlMs: number, keys: readonly string[]) {
    this.#queue = queue;
    this.#key = key;
    this.ttlMs = ttlMs;
    this.keys = keys;
  }

  leave(): void {
    this.#queue.remove(this.#key, this);
  }

  handOver(handoff: Handoff): boolean {
    return this.#queue.passOn(this.#key, this, handoff);
  }
}

/**
 * Local coalescing (the seed's singleflight, without its data race): concurrent acquisitions
 * of the same resources in one process wait in a FIFO, and only the head talks to Redis. The
 * head keeps its place while it holds the lock and leaves when the lock ends, or hands the
 * lock itself to the next waiter when that one accepts it.
 */
export class LocalQueue {
  // One waiter alone (the common case: no contention) is stored as itself, not in an array.
  readonly #queues = new Map<string, Waiter | Waiter[]>();
  readonly #accepts: Accepts;
  readonly #onTimeout: () => Error;

  /**
   * @param accepts - Whether a waiter asking for `ttlMs` on `keys` takes a lock handed over.
   * @param onTimeout - The error a waiter whose time ran out in the queue rejects with.
   */
  constructor(accepts: Accepts, onTimeout: () => Error) {
    this.#accepts = accepts;
    this.#onTimeout = onTimeout;
  }

  /** Whether anyone in this process holds or is acquiring `key`. */
  isBusy(key: string): boolean {
    return this.#queues.has(key);
  }

  /**
   * Joins the queue for `key` (see `queueIdentity`: one name per exact key list). Resolves with
   * a ticket once this caller is at the head (with a `handoff` when the previous holder passed
   * its lock on and it suits `ttlMs` and `keys`); rejects with
   * `signal.reason` when the signal aborts first, or with the queue's timeout error when
   * `timeoutMs` passes first, leaving the queue either way.
   */
  enter(
    key: string,
    signal: AbortSignal | undefined,
    timeoutMs: number,
    ttlMs: number,
    keys: readonly string[],
  ): Ticket | Promise<Ticket> {
    const entry = this.#queues.get(key);
    const waiter = new Waiter(this, key, ttlMs, keys);
    if (entry === undefined) {
      waiter.alone = true;
      this.#queues.set(key, waiter);
      return waiter;
    }
    if (Array.isArray(entry)) {
      entry.push(waiter);
    } else {
      entry.alone = false;
      this.#queues.set(key, [entry, waiter]);
    }
    return new Promise<Ticket>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const giveUp = (error: unknown): void => {
        cleanup();
        waiter.leave();
        reject(error);
      };
      const onAbort = (): void => giveUp(signal?.reason);
      const timer =
        timeoutMs === Infinity ? undefined : setTimeout(() => giveUp(this.#onTimeout()), timeoutMs);
      waiter.wake = () => {
        cleanup();
        resolve(waiter);
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
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
      entry[0]!.wake?.();
    }
  }

  /** @internal Passes `handoff` from the head `waiter` to the next, if that one takes it. */
  passOn(key: string, waiter: Waiter, handoff: Handoff): boolean {
    if (waiter.alone || waiter.gone) return false;
    const entry = this.#queues.get(key);
    if (!Array.isArray(entry) || entry[0] !== waiter) return false;
    const next = entry[1];
    if (next?.wake === undefined || !this.#accepts(handoff, next.ttlMs, next.keys)) return false;
    entry.shift();
    next.handoff = handoff;
    next.wake();
    return true;
  }
}
