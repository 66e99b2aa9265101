import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TimerHeap } from '../../src/engine/timer-heap.js';

describe('TimerHeap', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs entries in due order, one timer for all', async () => {
    const heap = new TimerHeap(() => performance.now());
    const ran: number[] = [];
    for (const due of [30, 10, 20, 10, 50])
      heap.schedule(performance.now() + due, () => ran.push(due));
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(60);
    expect(ran).toEqual([10, 10, 20, 30, 50]);
  });

  it('drops cancelled entries at once when they outnumber live ones', async () => {
    const heap = new TimerHeap(() => performance.now());
    const ran: number[] = [];
    const entries = Array.from({ length: 1_000 }, (_, i) =>
      heap.schedule(performance.now() + 100 + i, () => ran.push(i)),
    );
    entries.forEach((entry, i) => {
      if (i % 100 !== 0) heap.cancel(entry);
    });
    expect(entries[1]?.run).toBeUndefined();
    expect(heap.size).toBeLessThan(1_000);
    await vi.advanceTimersByTimeAsync(1_200);
    expect(ran).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });

  it('cancelling twice or after running changes nothing', async () => {
    const heap = new TimerHeap(() => performance.now());
    let runs = 0;
    const entry = heap.schedule(performance.now() + 5, () => runs++);
    await vi.advanceTimersByTimeAsync(10);
    heap.cancel(entry);
    heap.cancel(entry);
    expect(runs).toBe(1);
  });
});
