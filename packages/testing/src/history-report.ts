import type { Hold } from './hold.js';

/**
 * Two holds of one resource that were both valid at some instant: a mutual-exclusion
 * violation. Each hold is valid over [acquiredAt, min(releasedAt, validUntil)); touching
 * intervals do not overlap.
 * @category Checking mutual exclusion
 */
export interface Overlap {
  /** The hold acquired first (on a tie, the one with the smaller fence). */
  readonly first: Hold;
  /** The hold acquired while `first` was still valid. */
  readonly second: Hold;
}

/**
 * A hold that kept acting after its validity ended (it ignored its lost signal, the loss was
 * signalled late, or its process was paused) while another hold of the resource was acting:
 * Kleppmann's paused client. A hold acts over [acquiredAt, releasedAt), or, while open, until
 * the check or its validity's end, whichever is later. Pairs already reported as an {@link Overlap} are not reported again here.
 * @category Checking mutual exclusion
 */
export interface Overrun {
  /** The hold acting past its validity: of the two, the one whose validity ended first. */
  readonly overrunning: Hold;
  /** The hold it overlapped in time. */
  readonly other: Hold;
  /**
   * True when both holds have fences and `other`'s is greater: a store that checks fences
   * rejected the overrunning hold's stale writes once `other` wrote. False means the stale
   * writes could have landed among `other`'s.
   */
  readonly neutralisedByFencing: boolean;
}

/**
 * A hold acquired later than another of the same resource but whose fence is not greater:
 * a fenced store would have rejected its writes. Holds acquired at the same instant are taken
 * in fence order, since nothing tells which came first: among them only a repeated fence
 * counts.
 * @category Checking mutual exclusion
 */
export interface FenceRegression {
  /** The earlier hold with the greatest fence so far. */
  readonly earlier: Hold;
  /** The later hold, whose fence storage would have rejected behind `earlier`'s. */
  readonly later: Hold;
}

/**
 * How many of one kind of problem were found, with a few of them to look at. The count is
 * exact; the examples are bounded, so that a badly broken run still reports in little memory.
 * @category Checking mutual exclusion
 */
export interface Findings<T> {
  /** How many were found over all resources; 0 when none. */
  readonly count: number;
  /**
   * Some of them: at most `examplesPerResource` per resource. Empty exactly when `count` is 0,
   * so `expect(findings.examples).toEqual([])` both asserts and shows what went wrong.
   */
  readonly examples: readonly T[];
}

/**
 * What {@link LockHistory.check} found.
 * @category Checking mutual exclusion
 */
export interface HistoryReport {
  /**
   * How many holds were checked, so a test can tell an empty history from a clean one. A hold
   * is one resource of one lock: a lock on 3 resources is 3 holds.
   */
  readonly holds: number;
  /** How many of those holds were still open at the check (they were taken to last until it). */
  readonly open: number;
  /** Pairs of holds valid at the same time: 0 when mutual exclusion held. */
  readonly overlaps: Findings<Overlap>;
  /** Pairs where a hold acted past its validity alongside another hold: see {@link Overrun}. */
  readonly overruns: Findings<Overrun>;
  /** Fences that failed to grow: 0 when fences were monotonic (or fencing was off). */
  readonly fenceRegressions: Findings<FenceRegression>;
}
