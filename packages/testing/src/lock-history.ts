/** One hold of a resource, as the holder saw it. Times are epoch ms (`Date.now()`). */
export interface Hold {
  /** One resource: a lock on several resources is recorded as one hold per resource. */
  readonly resource: string;
  /** Who held it: a worker name, a process id. */
  readonly holder: string;
  /** When `acquire()` resolved. */
  readonly acquiredAt: number;
  /** The lock's `validUntil` as last known (after the last extension). */
  readonly validUntil: number;
  /** When the holder stopped acting (release, or loss signalled); undefined while held. */
  readonly releasedAt: number | undefined;
  /** The lock's fence, when fencing is on. */
  readonly fence: bigint | undefined;
}

/** Two holds of one resource whose times intersect. */
export interface Overlap {
  /** The hold acquired first. */
  readonly first: Hold;
  /** The hold acquired while `first` was still safe: a mutual-exclusion violation. */
  readonly second: Hold;
}

/** A hold that started later than another of the same resource but has no greater fence. */
export interface FenceRegression {
  /** The earlier hold with the greatest fence so far. */
  readonly earlier: Hold;
  /** The later hold, whose fence storage would have rejected behind `earlier`'s. */
  readonly later: Hold;
}

/** What {@link LockHistory.check} found. */
export interface HistoryReport {
  /** How many holds were checked, so a test can tell an empty history from a clean one. */
  readonly holds: number;
  /** Every pair of overlapping holds; empty when mutual exclusion held. */
  readonly overlaps: readonly Overlap[];
  /** Every fence that failed to grow; empty when fences were monotonic (or fencing was off). */
  readonly fenceRegressions: readonly FenceRegression[];
}

/** The parts of a `Lock` that {@link LockHistory.track} reads. */
export interface TrackableLock {
  /** Each becomes one {@link Hold}. */
  readonly resources: readonly string[];
  /** Epoch ms; read when the hold ends, so extensions made meanwhile count. */
  readonly validUntil: number;
  /** Compared across holds of a resource, when defined. */
  readonly fence: bigint | undefined;
  /** Its abort ends the hold: a lost lock stops being held at once, not at release. */
  readonly signal: AbortSignal;
}

/** The end of a hold's safe interval: release, or validity running out, whichever is first. */
function endOf(hold: Hold): number {
  return Math.min(hold.releasedAt ?? Infinity, hold.validUntil);
}

/**
 * A mutual-exclusion checker. Record every hold, then `check()`: two holds of one resource by
 * different holders whose intervals [acquiredAt, min(releasedAt, validUntil)) intersect are an
 * overlap (touching intervals are not); a hold acquired after another with a fence that is not
 * greater is a fence regression.
 *
 * @example
 * ```ts
 * const history = new LockHistory();
 * const lock = await redlock.acquire('r');
 * const done = history.track(lock, 'worker-1');
 * await lock.release();
 * done();
 * expect(history.check().overlaps).toEqual([]);
 * ```
 */
export class LockHistory {
  readonly #holds: Hold[] = [];

  /**
   * Records a hold already complete (or still open, with `releasedAt` undefined).
   * @throws TypeError when `resource` or `holder` is not a string; RangeError for a bad
   *   `acquiredAt` or `validUntil`.
   */
  record(hold: Hold): void {
    if (typeof hold.resource !== 'string' || typeof hold.holder !== 'string') {
      throw new TypeError('hold.resource and hold.holder must be strings');
    }
    if (
      !Number.isFinite(hold.acquiredAt) ||
      typeof hold.validUntil !== 'number' ||
      Number.isNaN(hold.validUntil)
    ) {
      throw new RangeError('hold.acquiredAt and hold.validUntil must be numbers');
    }
    this.#holds.push({ ...hold });
  }

  /**
   * Records a live lock from now until the returned function is called or the lock's signal
   * aborts, whichever comes first; the last known `validUntil` is kept.
   * @returns A function to call when the holder stops acting (after release).
   */
  track(lock: TrackableLock, holder: string, now: () => number = Date.now): () => void {
    const acquiredAt = now();
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      lock.signal.removeEventListener('abort', end);
      const releasedAt = now();
      for (const resource of lock.resources) {
        this.record({
          resource,
          holder,
          acquiredAt,
          validUntil: lock.validUntil,
          releasedAt,
          fence: lock.fence,
        });
      }
    };
    if (lock.signal.aborted) end();
    else lock.signal.addEventListener('abort', end, { once: true });
    return end;
  }

  /** Every hold recorded so far. */
  get holds(): readonly Hold[] {
    return this.#holds;
  }

  /** Finds overlapping holds and fence regressions, per resource. */
  check(): HistoryReport {
    const overlaps: Overlap[] = [];
    const fenceRegressions: FenceRegression[] = [];
    const byResource = new Map<string, Hold[]>();
    for (const hold of this.#holds) {
      const list = byResource.get(hold.resource) ?? [];
      list.push(hold);
      byResource.set(hold.resource, list);
    }
    for (const list of byResource.values()) {
      list.sort((a, b) => a.acquiredAt - b.acquiredAt);
      for (let i = 0; i < list.length; i++) {
        const first = list[i]!;
        for (let j = i + 1; j < list.length && list[j]!.acquiredAt < endOf(first); j++) {
          const second = list[j]!;
          if (second.holder !== first.holder && endOf(second) > second.acquiredAt) {
            overlaps.push({ first, second });
          }
        }
      }
      let maxFenced: Hold | undefined;
      for (const hold of list) {
        if (hold.fence === undefined) continue;
        if (maxFenced?.fence !== undefined && hold.fence <= maxFenced.fence) {
          fenceRegressions.push({ earlier: maxFenced, later: hold });
        } else {
          maxFenced = hold;
        }
      }
    }
    return { holds: this.#holds.length, overlaps, fenceRegressions };
  }
}
