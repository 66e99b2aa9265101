import { validHold, type Hold, type TrackableLock } from './hold.js';

/**
 * One live lock followed by {@link LockHistory.track}: open until {@link Tracking.end}, which
 * its signal's abort calls too. Its holds are read on demand, so a check while it is open sees
 * the lock's latest `validUntil`.
 */
export class Tracking {
  readonly #holder: string;
  readonly #acquiredAt: number;
  readonly #fence: bigint | undefined;
  readonly #signal: AbortSignal;
  readonly #onAbort = (): void => {
    this.end();
  };
  /** Dropped at the end, so a finished hold does not keep its lock alive. */
  #lock: TrackableLock | undefined;
  #validUntil: number;
  #releasedAt: number | undefined;

  /** The clock the lock's times are read on. */
  readonly now: () => number;
  /** The lock's resources, each listed once: a resource listed twice is still one key. */
  readonly resources: readonly string[];

  constructor(lock: TrackableLock, holder: string, now: () => number) {
    if (typeof holder !== 'string') {
      throw new TypeError(`holder must be a string, got ${typeof holder}`);
    }
    if (typeof now !== 'function') throw new TypeError('now must be a function');
    if (!Array.isArray(lock.resources)) throw new TypeError('lock.resources must be an array');
    if (!(lock.signal instanceof AbortSignal)) {
      throw new TypeError('lock.signal must be an AbortSignal');
    }
    this.now = now;
    this.#lock = lock;
    this.#holder = holder;
    this.#acquiredAt = now();
    this.#fence = lock.fence;
    this.#validUntil = lock.validUntil;
    this.#signal = lock.signal;
    this.resources = [...new Set(lock.resources)];
    // Checked before listening, so a rejected lock leaves no listener behind.
    for (const resource of this.resources) validHold(this.hold(resource));
    if (lock.signal.aborted) this.end();
    else lock.signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Ends the holds now; later calls do nothing. */
  end(): void {
    if (this.#releasedAt !== undefined) return;
    this.#validUntil = this.#latestValidUntil();
    this.#releasedAt = Math.max(this.#acquiredAt, this.now());
    this.#lock = undefined;
    this.#signal.removeEventListener('abort', this.#onAbort);
  }

  /** The hold of `resource` as known now. */
  hold(resource: string): Hold {
    return {
      resource,
      holder: this.#holder,
      acquiredAt: this.#acquiredAt,
      validUntil: this.#releasedAt === undefined ? this.#latestValidUntil() : this.#validUntil,
      releasedAt: this.#releasedAt,
      fence: this.#fence,
    };
  }

  // A validUntil gone bad later (NaN) would make every comparison false and hide the hold,
  // and this runs from an abort listener, where throwing helps nobody: keep the last good one.
  #latestValidUntil(): number {
    const latest = this.#lock?.validUntil;
    if (typeof latest === 'number' && !Number.isNaN(latest)) this.#validUntil = latest;
    return this.#validUntil;
  }
}
