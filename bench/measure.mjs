// Measurement windows, interleaving and the statistics taken over them.
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `concurrency` loops of `cycle(loop, i)` until `windowMs` has passed, then waits for the
 * cycles in flight. A cycle returns false for a failed acquisition, anything else for a success.
 */
export async function runLoops(concurrency, windowMs, cycle) {
  const start = performance.now();
  const deadline = start + windowMs;
  let cycles = 0;
  let failures = 0;
  const loop = async (index) => {
    for (let i = 0; performance.now() < deadline; i++) {
      if ((await cycle(index, i)) === false) failures++;
      else cycles++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => loop(index)));
  const elapsedMs = performance.now() - start;
  return { cycles, failures, elapsedMs, perSecond: (cycles * 1000) / elapsedMs };
}

/**
 * Calls `measure(contender, rep)` for every repetition and contender, A B C A B C …, the order
 * rotated by one each repetition so that no contender always runs first. Returns the values per
 * contender id, in repetition order.
 */
export async function interleave(contenders, reps, measure, pauseMs = 50) {
  const values = Object.fromEntries(contenders.map((c) => [c.id, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (let k = 0; k < contenders.length; k++) {
      const contender = contenders[(k + rep) % contenders.length];
      values[contender.id].push(await measure(contender, rep));
      await sleep(pauseMs);
    }
  }
  return values;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values, p) {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Jain's fairness index: 1 when every worker got the same share, 1/n when one got all. */
export function jain(counts) {
  const sum = counts.reduce((a, b) => a + b, 0);
  const squares = counts.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? NaN : (sum * sum) / (counts.length * squares);
}

/** The median of one field over a contender's repetitions. */
export const medianOf = (reps, field) => median(reps.map((r) => r[field]));
