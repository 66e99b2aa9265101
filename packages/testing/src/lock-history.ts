import { byAcquisition, findFenceRegressions } from './fence-regressions.js';
import type { Findings, HistoryReport } from './history-report.js';
import { sweepResource, type Span } from './history-sweep.js';
import { holdOf, historyClock, type HoldEntry } from './history-entry.js';
import { validHold, type Hold, type TrackableLock } from './hold.js';
import { Tracking } from './tracking.js';

/**
 * Options of {@link LockHistory}.
 * @category Checking mutual exclusion
 */
export interface LockHistoryOptions {
  /**
   * The clock, in epoch ms, that {@link LockHistory.track} uses by default and that holds
   * recorded open are checked against.
   * @defaultValue `Date.now`
   */
  readonly now?: () => number;
  /**
   * How many examples of each kind of finding a report keeps per resource; counts stay exact.
   * @defaultValue 10
   */
  readonly examplesPerResource?: number;
}

function merge<T>(all: Findings<T>[]): Findings<T> {
  return {
    count: all.reduce((total, findings) => total + findings.count, 0),
    examples: all.flatMap((findings) => findings.examples),
  };
}

/**
 * A mutual-exclusion checker. Record every hold, then `check()`. A hold is valid over
 * [acquiredAt, min(releasedAt, validUntil)) and acts over [acquiredAt, releasedAt); an open
 * hold lasts until the check or its validity's end, whichever is later. Per resource, whatever the holder names: two holds valid at once
 * are an overlap (touching intervals are not); a hold acting past its validity while another
 * acts is an overrun; a hold acquired after another with a fence that is not greater is a
 * fence regression.
 *
 * @example
 * ```ts
 * const history = new LockHistory();
 * const lock = await redlock.acquire('r');
 * const done = history.track(lock, 'worker-1');
 * await lock.release();
 * done();
 * const report = history.check();
 * expect(report.overlaps.examples).toEqual([]);
 * expect(report.fenceRegressions.count).toBe(0);
 * ```
 * @category Checking mutual exclusion
 */
export class LockHistory {
  readonly #entries: HoldEntry[] = [];
  readonly #now: () => number;
  readonly #examplesPerResource: number;

  /**
   * @throws TypeError when `options.now` is not a function; RangeError when
   *   `options.examplesPerResource` is not a non-negative integer.
   */
  constructor(options: LockHistoryOptions = {}) {
    const { now, examplesPerResource } = historyClock(options.now, options.examplesPerResource);
    this.#now = now;
    this.#examplesPerResource = examplesPerResource;
  }

  /**
   * Records a hold already complete, or still open with `releasedAt` undefined (then it lasts
   * until the check, on this history's clock). The hold is copied.
   * @throws TypeError naming a field that is missing, NaN or of the wrong type; RangeError
   *   when `releasedAt` is before `acquiredAt`.
   */
  record(hold: Hold): void {
    this.#entries.push({ hold: validHold(hold) });
  }

  /**
   * Records a live lock, one hold per resource, from now until the returned function is called
   * or the lock's signal aborts, whichever comes first. Until then its holds are open: a check
   * meanwhile counts them as lasting until the check, with the lock's current `validUntil`.
   * @param now - The clock for this lock's times; use the history's clock, or one on the same
   *   time base.
   * @returns A function to call when the holder stops acting (after release).
   * @throws TypeError when `holder` or a field of `lock` is of the wrong type.
   */
  track(lock: TrackableLock, holder: string, now: () => number = this.#now): () => void {
    const tracking = new Tracking(lock, holder, now);
    for (const resource of tracking.resources) this.#entries.push({ tracking, resource });
    return () => {
      tracking.end();
    };
  }

  /** Every hold recorded so far, open ones included (with `releasedAt` undefined). */
  get holds(): readonly Hold[] {
    return this.#entries.map(holdOf);
  }

  /** Finds overlaps, overruns and fence regressions, per resource. */
  check(): HistoryReport {
    const now = this.#now();
    const byResource = new Map<string, Span[]>();
    let open = 0;
    for (const entry of this.#entries) {
      const hold = holdOf(entry);
      let end = hold.releasedAt;
      if (end === undefined) {
        open++;
        // Not ended: the holder may act until its validity ends, and acts at least until the
        // check (past its validity, that is an overrun). Not merely until the check: a hold
        // recorded in the check's millisecond would otherwise be empty and overlap nothing.
        const checkedAt = 'tracking' in entry ? entry.tracking.now() : now;
        end = Math.max(hold.acquiredAt, hold.validUntil, checkedAt);
      }
      const spans = byResource.get(hold.resource) ?? [];
      spans.push({ hold, end });
      byResource.set(hold.resource, spans);
    }
    const perResource = [...byResource.values()].map((spans) => {
      spans.sort((a, b) => byAcquisition(a.hold, b.hold));
      const limit = this.#examplesPerResource;
      const holds = spans.map((span) => span.hold);
      return {
        ...sweepResource(spans, limit),
        fenceRegressions: findFenceRegressions(holds, limit),
      };
    });
    return {
      holds: this.#entries.length,
      open,
      overlaps: merge(perResource.map((found) => found.overlaps)),
      overruns: merge(perResource.map((found) => found.overruns)),
      fenceRegressions: merge(perResource.map((found) => found.fenceRegressions)),
    };
  }
}
