/** A scheduled callback; cancel by setting `cancelled`. */
export interface TimerEntry {
  readonly dueAt: number;
  readonly run: () => void;
  cancelled: boolean;
}

/**
 * One timer for every held lock of a manager: a binary min-heap of due times and a single
 * unref'd `setTimeout` for the earliest, so 10,000 held locks cost one timer, not 10,000.
 * Cancelled entries are dropped lazily when they reach the top.
 */
export class TimerHeap {
  readonly #heap: TimerEntry[] = [];
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #armedAt = Infinity;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Runs `run` at monotonic time `dueAt` (or soon after). */
  schedule(dueAt: number, run: () => void): TimerEntry {
    const entry: TimerEntry = { dueAt, run, cancelled: false };
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
      if (!top.cancelled && top.dueAt > now) {
        this.#arm(top.dueAt);
        return;
      }
      this.#pop();
      if (!top.cancelled) top.run();
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
