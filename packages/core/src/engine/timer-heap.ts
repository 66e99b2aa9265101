/** A scheduled callback; cancel it with {@link TimerHeap.cancel}. */
export interface TimerEntry {
  /** Monotonic time the callback is due. */
  readonly dueAt: number;
  /** The callback; undefined once cancelled, so a cancelled entry holds nothing alive. */
  run: (() => void) | undefined;
}

/**
 * One timer for every held lock of a manager: a binary min-heap of due times and a single
 * unref'd `setTimeout` for the earliest, so 10,000 held locks cost one timer, not 10,000.
 * Cancelled entries are dropped when they reach the top, or all at once when they outnumber
 * the live ones (a released lock must not stay reachable until its ttl).
 */
export class TimerHeap {
  readonly #heap: TimerEntry[] = [];
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #armedAt = Infinity;
  #cancelled = 0;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Runs `run` at monotonic time `dueAt` (or soon after). */
  schedule(dueAt: number, run: () => void): TimerEntry {
    const entry: TimerEntry = { dueAt, run };
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.dueAt <= dueAt) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
    if (dueAt < this.#armedAt) this.#arm(dueAt);
    return entry;
  }

  /** Cancels an entry; its callback is dropped at once. */
  cancel(entry: TimerEntry): void {
    if (entry.run === undefined) return;
    entry.run = undefined;
    this.#cancelled++;
    if (this.#cancelled > 64 && this.#cancelled * 2 > this.#heap.length) this.#compact();
  }

  #compact(): void {
    const live = this.#heap.filter((entry) => entry.run !== undefined);
    this.#heap.length = 0;
    this.#cancelled = 0;
    live.sort((a, b) => a.dueAt - b.dueAt);
    for (const entry of live) this.#heap.push(entry);
  }

  /** Entries waiting, cancelled ones not yet dropped included. */
  get size(): number {
    return this.#heap.length;
  }

  #arm(dueAt: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#armedAt = dueAt;
    const delay = Math.max(0, Math.ceil(dueAt - this.#now()));
    this.#timer = setTimeout(() => this.#fire(), delay);
    this.#timer.unref();
  }

  #fire(): void {
    this.#timer = undefined;
    this.#armedAt = Infinity;
    const now = this.#now();
    for (let top = this.#heap[0]; top !== undefined; top = this.#heap[0]) {
      const run = top.run;
      if (run !== undefined && top.dueAt > now) {
        this.#arm(top.dueAt);
        return;
      }
      this.#pop();
      if (run === undefined) {
        this.#cancelled--;
      } else {
        top.run = undefined;
        run();
      }
    }
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right]!.dueAt < heap[left]!.dueAt ? right : left;
      if (heap[child]!.dueAt >= last.dueAt) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
  }
}
