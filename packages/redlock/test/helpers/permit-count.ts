import type { Hold } from '@redquorum/testing';

/** The most permits of one semaphore held (validly) at once, from holds of its slots. */
export interface PermitPeak {
  readonly semaphore: string;
  readonly peak: number;
}

/**
 * Sweeps the holds of permit slots (`<semaphore>:<index>`, one hold per slot of a lock) and
 * returns, per semaphore, the most valid holds at one instant: over the limit is over-admission.
 * A hold counts over [acquiredAt, min(releasedAt, validUntil)); an end before a start at the
 * same instant (touching holds do not overlap).
 */
export function permitPeaks(holds: readonly Hold[]): PermitPeak[] {
  const events = new Map<string, [number, number][]>();
  for (const hold of holds) {
    const semaphore = hold.resource.slice(0, hold.resource.lastIndexOf(':'));
    const end = Math.min(hold.releasedAt ?? Infinity, hold.validUntil);
    if (end <= hold.acquiredAt) continue;
    const list = events.get(semaphore) ?? [];
    list.push([hold.acquiredAt, 1], [end, -1]);
    events.set(semaphore, list);
  }
  return [...events].map(([semaphore, list]) => {
    list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let count = 0;
    let peak = 0;
    for (const [, delta] of list) {
      count += delta;
      peak = Math.max(peak, count);
    }
    return { semaphore, peak };
  });
}

/** Jain's fairness index of what each worker got: 1 when equal, 1/n when one got it all. */
export function jainIndex(counts: readonly number[]): number {
  const sum = counts.reduce((a, b) => a + b, 0);
  const squares = counts.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? 1 : (sum * sum) / (counts.length * squares);
}
