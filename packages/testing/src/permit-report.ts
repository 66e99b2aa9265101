import type { Findings } from './history-report.js';
import type { Hold } from './hold.js';

/**
 * A stretch of time during which more permits of one semaphore were valid than its limit: the
 * semaphore over-admitted. One over-admission is one maximal stretch over the limit, however
 * many holders passed it and however often the count moved within it.
 * @category Checking mutual exclusion
 */
export interface OverAdmission {
  /** The semaphore: its slots' name before the last `:` (`jobs` for `jobs:0`). */
  readonly semaphore: string;
  /** Its limit, as the history was told. */
  readonly limit: number;
  /** When the stretch began: the first instant more than `limit` permits were valid. */
  readonly from: number;
  /** When it ended: the first instant again at most `limit` (`Infinity` if never). */
  readonly until: number;
  /** The first instant of the stretch at which the most permits were valid. */
  readonly at: number;
  /** How many permits were valid at `at`: more than `limit`. */
  readonly permits: number;
  /** The holds valid at `at`, one per permit, in order of acquisition: who held which slot. */
  readonly holds: readonly Hold[];
}

/**
 * The most permits of one semaphore valid at one instant.
 * @category Checking mutual exclusion
 */
export interface PermitPeak {
  /** The semaphore, as in {@link OverAdmission.semaphore}. */
  readonly semaphore: string;
  /** The most permits valid at once; 0 when no hold of it was ever valid. */
  readonly peak: number;
  /** Its limit, as the history was told: `peak` above it is an over-admission. */
  readonly limit: number;
}

/**
 * What {@link PermitHistory.check} found.
 * @category Checking mutual exclusion
 */
export interface PermitReport {
  /**
   * How many holds were checked, so a test can tell an empty history from a clean one. A hold
   * is one slot of one lock: a lock on 2 permits is 2 holds.
   */
  readonly holds: number;
  /** How many of those holds were still open at the check. */
  readonly open: number;
  /** Stretches with more permits valid than the limit: 0 when every semaphore kept its limit. */
  readonly overAdmissions: Findings<OverAdmission>;
  /** Per semaphore recorded, by name: the most permits valid at once. */
  readonly peaks: readonly PermitPeak[];
}
