/**
 * One hold of a resource, as the holder saw it. Times are epoch ms (`Date.now()`).
 * @category Checking mutual exclusion
 */
export interface Hold {
  /** One resource: a lock on several resources is recorded as one hold per resource. */
  readonly resource: string;
  /**
   * Who held it: a worker name, a process id. Only a label for reports: two holds with the
   * same holder that overlap are still two holds, and are reported.
   */
  readonly holder: string;
  /** When `acquire()` resolved. */
  readonly acquiredAt: number;
  /** The lock's `validUntil` as last known (after the last extension). */
  readonly validUntil: number;
  /**
   * When the holder stopped acting (release, or loss signalled), not before `acquiredAt`;
   * undefined while held: such an open hold lasts until the check or its validity's end, whichever is later.
   */
  readonly releasedAt: number | undefined;
  /** The lock's fence, when fencing is on. */
  readonly fence: bigint | undefined;
}

/**
 * The parts of a `Lock` that {@link LockHistory.track} reads.
 * @category Checking mutual exclusion
 */
export interface TrackableLock {
  /** Each becomes one {@link Hold}. */
  readonly resources: readonly string[];
  /** Epoch ms; read when the hold ends (or is checked), so extensions made meanwhile count. */
  readonly validUntil: number;
  /** Compared across holds of a resource, when defined. */
  readonly fence: bigint | undefined;
  /** Its abort ends the hold: a lost lock stops being held at once, not at release. */
  readonly signal: AbortSignal;
}

function checkString(name: string, value: unknown): void {
  if (typeof value !== 'string') {
    throw new TypeError(`${name} must be a string, got ${typeof value}`);
  }
}

// Typed as unknown: the checker's callers are tests, often plain JavaScript, and a NaN or a
// string time would otherwise make every comparison false and silently hide a hold.
function checkTime(name: string, value: unknown, allowInfinite = false): void {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`${name} must be a number of epoch ms, got ${String(value)}`);
  }
  if (!allowInfinite && !Number.isFinite(value)) {
    throw new TypeError(`${name} must be finite, got ${value}`);
  }
}

/**
 * Checks every field of `hold` and returns a copy of it (so later changes by the caller do
 * not rewrite history).
 * @throws TypeError naming the field that is missing or of the wrong type; RangeError when
 *   `releasedAt` is before `acquiredAt`.
 */
export function validHold(hold: Hold): Hold {
  if (typeof hold !== 'object' || hold === null) {
    throw new TypeError('hold must be an object');
  }
  const fields: { readonly [K in keyof Hold]: unknown } = hold;
  const { resource, holder, acquiredAt, validUntil, releasedAt, fence } = fields;
  checkString('hold.resource', resource);
  checkString('hold.holder', holder);
  checkTime('hold.acquiredAt', acquiredAt);
  // A lock without expiry (validUntil = Infinity) is a fair thing to record.
  checkTime('hold.validUntil', validUntil, true);
  if (releasedAt !== undefined) checkTime('hold.releasedAt', releasedAt);
  if (fence !== undefined && typeof fence !== 'bigint') {
    throw new TypeError(`hold.fence must be a bigint or undefined, got ${typeof fence}`);
  }
  if (hold.releasedAt !== undefined && hold.releasedAt < hold.acquiredAt) {
    throw new RangeError(
      `hold.releasedAt (${hold.releasedAt}) is before hold.acquiredAt (${hold.acquiredAt})`,
    );
  }
  return {
    resource: hold.resource,
    holder: hold.holder,
    acquiredAt: hold.acquiredAt,
    validUntil: hold.validUntil,
    releasedAt: hold.releasedAt,
    fence: hold.fence,
  };
}
