import { holdOf, historyClock, type HoldEntry } from './history-entry.js';
import { validHold, type Hold, type TrackableLock } from './hold.js';
import type { OverAdmission, PermitPeak, PermitReport } from './permit-report.js';
import { sweepSemaphore, type PermitSpan } from './permit-sweep.js';
import { Tracking } from './tracking.js';

/**
 * Options of {@link PermitHistory}.
 * @category Checking mutual exclusion
 */
export interface PermitHistoryOptions {
  /**
   * Permits of a semaphore that may be valid at once: one number for every semaphore, or a
   * function of the semaphore's name (called once per semaphore at each check).
   */
  readonly limit: number | ((semaphore: string) => number);
  /**
   * The clock, in epoch ms, that {@link PermitHistory.track} uses by default.
   * @defaultValue `Date.now`
   */
  readonly now?: () => number;
  /**
   * How many over-admissions a report keeps as examples per semaphore; counts stay exact.
   * @defaultValue 10
   */
  readonly examplesPerResource?: number;
}

type Entry = { readonly semaphore: string } & HoldEntry;

/** The semaphore of a permit slot, `<semaphore>:<index>` as `permitSlot` names it. */
function semaphoreOf(name: string, slot: string): string {
  const colon = slot.lastIndexOf(':');
  if (colon < 0 || !/^\d+$/.test(slot.slice(colon + 1))) {
    throw new RangeError(
      `${name} must be a permit slot '<semaphore>:<index>', got ${JSON.stringify(slot)}`,
    );
  }
  return slot.slice(0, colon);
}

function checkLimit(name: string, limit: unknown): number {
  if (typeof limit !== 'number') {
    throw new TypeError(`${name} must be a number, got ${typeof limit}`);
  }
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(`${name} must be an integer >= 1, got ${limit}`);
  }
  return limit;
}

/**
 * A semaphore checker: "never more than `limit` permits held at once". Record every hold of a
 * permit slot (`Semaphore` and `RedlockSemaphore` lock `limit` slots named `<semaphore>:<index>`;
 * a lock on `permits` permits is that many slot holds), then `check()`. A hold counts as one
 * permit of its semaphore (the slot name before the last `:`) over its valid interval
 * [acquiredAt, min(releasedAt, validUntil)), as in {@link LockHistory}; an open hold is valid
 * until its validity ends; touching intervals do not overlap. Two holds of one slot at once
 * count as two permits. Each maximal stretch of time over the limit is one over-admission.
 *
 * @example
 * ```ts
 * const history = new PermitHistory({ limit: 4 });
 * const lock = await semaphore.acquire('jobs', { permits: 2 }); // slots e.g. jobs:1, jobs:3
 * const done = history.track(lock, 'worker-1');
 * await lock.release();
 * done();
 * const report = history.check();
 * expect(report.overAdmissions.examples).toEqual([]);
 * expect(report.peaks).toEqual([{ semaphore: 'jobs', peak: 2, limit: 4 }]);
 * ```
 * @category Checking mutual exclusion
 */
export class PermitHistory {
  readonly #entries: Entry[] = [];
  readonly #limit: number | ((semaphore: string) => number);
  readonly #now: () => number;
  readonly #examplesPerResource: number;

  /**
   * @throws TypeError when `options.limit` is neither a number nor a function, or
   *   `options.now` is not a function; RangeError when `options.limit` is not an integer >= 1
   *   or `options.examplesPerResource` not an integer >= 0.
   */
  constructor(options: PermitHistoryOptions) {
    // `?? {}`: a JavaScript caller may pass nothing, and should hear about `options.limit`.
    const fields: Partial<PermitHistoryOptions> = options ?? {};
    const { limit } = fields;
    this.#limit = typeof limit === 'function' ? limit : checkLimit('options.limit', limit);
    const { now, examplesPerResource } = historyClock(fields.now, fields.examplesPerResource);
    this.#now = now;
    this.#examplesPerResource = examplesPerResource;
  }

  /**
   * Records a hold of one permit slot, complete or still open (`releasedAt` undefined). The
   * hold is copied.
   * @throws TypeError naming a field that is missing, NaN or of the wrong type; RangeError
   *   when `releasedAt` is before `acquiredAt` or `resource` is not `<semaphore>:<index>`.
   */
  record(hold: Hold): void {
    const copy = validHold(hold);
    this.#entries.push({ hold: copy, semaphore: semaphoreOf('hold.resource', copy.resource) });
  }

  /**
   * Records a live permit lock, one hold per slot, from now until the returned function is
   * called or the lock's signal aborts, whichever comes first; a check meanwhile reads the
   * lock's current `validUntil`.
   * @param now - The clock for this lock's times; the history's by default.
   * @returns A function to call when the holder stops acting (after release).
   * @throws TypeError when `holder` or a field of `lock` is of the wrong type; RangeError when
   *   one of `lock.resources` is not a permit slot.
   */
  track(lock: TrackableLock, holder: string, now: () => number = this.#now): () => void {
    // Checked before Tracking listens to the signal, so a rejected lock leaves nothing behind.
    const slots: unknown = lock.resources;
    if (Array.isArray(slots)) {
      for (const slot of slots) if (typeof slot === 'string') semaphoreOf('lock.resources', slot);
    }
    const tracking = new Tracking(lock, holder, now);
    for (const resource of tracking.resources) {
      this.#entries.push({
        tracking,
        resource,
        semaphore: semaphoreOf('lock.resources', resource),
      });
    }
    return () => {
      tracking.end();
    };
  }

  /** Every hold recorded so far, open ones included (with `releasedAt` undefined). */
  get holds(): readonly Hold[] {
    return this.#entries.map(holdOf);
  }

  /**
   * Finds the over-admissions and the peak of every semaphore recorded.
   * @throws TypeError or RangeError when `options.limit` is a function that returns no
   *   integer >= 1 for a semaphore (the message names it).
   */
  check(): PermitReport {
    const bySemaphore = new Map<string, PermitSpan[]>();
    let open = 0;
    for (const entry of this.#entries) {
      const hold = holdOf(entry);
      if (hold.releasedAt === undefined) open++;
      // Open, it is valid until its validity ends: the check's time, earlier or later, changes
      // only how long it acts, which a count of valid permits does not look at.
      const validEnd = Math.min(hold.releasedAt ?? Number.POSITIVE_INFINITY, hold.validUntil);
      const spans = bySemaphore.get(entry.semaphore) ?? [];
      spans.push({ hold, validEnd });
      bySemaphore.set(entry.semaphore, spans);
    }
    const peaks: PermitPeak[] = [];
    const examples: OverAdmission[] = [];
    let count = 0;
    for (const semaphore of [...bySemaphore.keys()].sort()) {
      const limit = this.#limitOf(semaphore);
      const found = sweepSemaphore(
        semaphore,
        limit,
        bySemaphore.get(semaphore)!,
        this.#examplesPerResource,
      );
      peaks.push({ semaphore, peak: found.peak, limit });
      count += found.overAdmissions.count;
      examples.push(...found.overAdmissions.examples);
    }
    return { holds: this.#entries.length, open, overAdmissions: { count, examples }, peaks };
  }

  #limitOf(semaphore: string): number {
    const limit = this.#limit;
    if (typeof limit === 'number') return limit;
    return checkLimit(`options.limit(${JSON.stringify(semaphore)})`, limit(semaphore));
  }
}
