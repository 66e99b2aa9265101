import type { Hold } from './hold.js';
import type { Tracking } from './tracking.js';

/** A recorded hold of a history: complete (or open) as given, or read from a live lock. */
export type HoldEntry =
  { readonly hold: Hold } | { readonly tracking: Tracking; readonly resource: string };

/** The hold an entry stands for now (a live lock's latest `validUntil`). */
export function holdOf(entry: HoldEntry): Hold {
  return 'hold' in entry ? entry.hold : entry.tracking.hold(entry.resource);
}

/** The options every history shares, defaulted and checked. */
export interface HistoryClock {
  readonly now: () => number;
  readonly examplesPerResource: number;
}

/**
 * Defaults and checks a history's `now` and `examplesPerResource`.
 * @throws TypeError when `now` is not a function; RangeError when `examplesPerResource` is not
 *   a non-negative integer.
 */
export function historyClock(
  now: unknown = Date.now,
  examplesPerResource: unknown = 10,
): HistoryClock {
  if (typeof now !== 'function') throw new TypeError('options.now must be a function');
  if (!Number.isSafeInteger(examplesPerResource) || (examplesPerResource as number) < 0) {
    throw new RangeError(
      `options.examplesPerResource must be an integer >= 0, got ${String(examplesPerResource)}`,
    );
  }
  return { now: now as () => number, examplesPerResource: examplesPerResource as number };
}
