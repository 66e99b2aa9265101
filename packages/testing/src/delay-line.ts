import type { Writable } from 'node:stream';

/**
 * One direction of a proxied connection: chunks go out in order, each after the current
 * latency (plus jitter), or are held while partitioned and sent, in order, on heal. Holding
 * rather than dropping keeps the RESP stream in sync, so the client sees a hung node, not a
 * corrupt one.
 */
export class DelayLine {
  readonly #out: Writable;
  readonly #queue: { at: number; chunk: Buffer }[] = [];
  #held: Buffer[] = [];
  #timer: NodeJS.Timeout | undefined;
  #lastAt = 0;
  #ending = false;

  constructor(out: Writable) {
    this.#out = out;
  }

  /** Sends `chunk` after `delayMs`, or holds it while `held` is true. */
  push(chunk: Buffer, delayMs: number, held: boolean): void {
    if (held) {
      this.#held.push(chunk);
      return;
    }
    if (delayMs <= 0 && this.#queue.length === 0) {
      this.#out.write(chunk);
      return;
    }
    // Never overtake an earlier chunk: order is the protocol.
    const at = Math.max(performance.now() + delayMs, this.#lastAt);
    this.#lastAt = at;
    this.#queue.push({ at, chunk });
    if (this.#timer === undefined) this.#arm();
  }

  /** Sends what was held during a partition, in order, each with `delayMs`. */
  release(delayMs: number): void {
    const held = this.#held;
    this.#held = [];
    for (const chunk of held) this.push(chunk, delayMs, false);
  }

  /**
   * Ends the stream once everything queued has been written: the peer closed, and its last
   * bytes still arrive before the end, as they would over a network.
   */
  end(): void {
    this.#ending = true;
    if (this.#queue.length === 0) this.#out.end();
  }

  /** Drops everything pending (the connection is closing). */
  clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue.length = 0;
    this.#held = [];
  }

  #arm(): void {
    const head = this.#queue[0];
    if (head === undefined) {
      this.#timer = undefined;
      if (this.#ending) this.#out.end();
      return;
    }
    this.#timer = setTimeout(() => this.#flush(), Math.max(0, head.at - performance.now()));
  }

  #flush(): void {
    const now = performance.now();
    while (this.#queue.length > 0 && this.#queue[0]!.at <= now) {
      this.#out.write(this.#queue.shift()!.chunk);
    }
    this.#arm();
  }
}
