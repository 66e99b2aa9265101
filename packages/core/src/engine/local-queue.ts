/** A place in a {@link LocalQueue}; `leave()` hands the turn to the next waiter. */
export interface Ticket {
  leave(): void;
}

interface Waiter extends Ticket {
  wake: (() => void) | undefined;
}

/**
 * Local coalescing (the seed's singleflight, without its data race): concurrent acquisitions
 * of the same resources in one process wait in a FIFO, and only the head talks to Redis. The
 * head keeps its place while it holds the lock and leaves when the lock ends.
 */
export class LocalQueue {
  readonly #queues = new Map<string, Waiter[]>();

  /** Whether anyone in this process holds or is acquiring `key`. */
  isBusy(key: string): boolean {
    return this.#queues.has(key);
  }

  /**
   * Joins the queue for `key`. Resolves with a ticket once this caller is at the head;
   * rejects with `signal.reason` when the signal aborts first, or with `onTimeout()` when
   * `timeoutMs` passes first, leaving the queue either way.
   */
  enter(
    key: string,
    signal: AbortSignal | undefined,
    timeoutMs: number,
    onTimeout: () => Error,
  ): Ticket | Promise<Ticket> {
    const queue = this.#queues.get(key);
    const waiter: Waiter = { wake: undefined, leave: () => this.#leave(key, waiter) };
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
}
