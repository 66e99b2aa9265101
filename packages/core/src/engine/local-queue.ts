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
  /** Leaves the queue: the next waiter's turn to talk to Redis. */
  leave(): void;
  /** Passes a held lock to the next waiter, if it takes it; leaves the queue when it does. */
  handOver(handoff: Handoff): boolean;
}

interface Waiter extends Ticket {
  handoff: Handoff | undefined;
  wake: (() => void) | undefined;
  readonly accepts: (handoff: Handoff) => boolean;
}

/**
 * Local coalescing (the seed's singleflight, without its data race): concurrent acquisitions
 * of the same resources in one process wait in a FIFO, and only the head talks to Redis. The
 * head keeps its place while it holds the lock and leaves when the lock ends, or hands the
 * lock itself to the next waiter when that one accepts it.
 */
export class LocalQueue {
  readonly #queues = new Map<string, Waiter[]>();

  /** Whether anyone in this process holds or is acquiring `key`. */
  isBusy(key: string): boolean {
    return this.#queues.has(key);
  }

  /**
   * Joins the queue for `key`. Resolves with a ticket once this caller is at the head (with a
   * `handoff` when the previous holder passed its lock on, which `accepts` approved); rejects
   * with `signal.reason` when the signal aborts first, or with `onTimeout()` when `timeoutMs`
   * passes first, leaving the queue either way.
   */
  enter(
    key: string,
    signal: AbortSignal | undefined,
    timeoutMs: number,
    onTimeout: () => Error,
    accepts: (handoff: Handoff) => boolean,
  ): Ticket | Promise<Ticket> {
    const queue = this.#queues.get(key);
    const waiter: Waiter = {
      handoff: undefined,
      wake: undefined,
      accepts,
      leave: () => this.#leave(key, waiter),
      handOver: (handoff) => this.#handOver(key, waiter, handoff),
    };
    if (queue === undefined) {
      this.#queues.set(key, [waiter]);
      return waiter;
    }
    queue.push(waiter);
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
        timeoutMs === Infinity ? undefined : setTimeout(() => giveUp(onTimeout()), timeoutMs);
      waiter.wake = () => {
        cleanup();
        resolve(waiter);
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #leave(key: string, waiter: Waiter): void {
    const queue = this.#queues.get(key);
    const index = queue?.indexOf(waiter) ?? -1;
    if (queue === undefined || index === -1) return;
    queue.splice(index, 1);
    if (queue.length === 0) {
      this.#queues.delete(key);
    } else if (index === 0) {
      queue[0]!.wake?.();
    }
  }

  #handOver(key: string, waiter: Waiter, handoff: Handoff): boolean {
    const queue = this.#queues.get(key);
    const next = queue?.[1];
    if (queue?.[0] !== waiter || next?.wake === undefined || !next.accepts(handoff)) return false;
    queue.shift();
    next.handoff = handoff;
    next.wake();
    return true;
  }
}
