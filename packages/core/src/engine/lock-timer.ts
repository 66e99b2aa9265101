/** What a lock's one timer does when it fires. */
export type LockTimerAction = 'extend' | 'expired' | 'max-hold' | 'extend-failed';

/** A lock's next timer: when (monotonic ms) and what. */
export interface LockTimer {
  readonly at: number;
  readonly action: LockTimerAction;
}

/** Where a held lock ends, in monotonic ms: its validity's end and `maxHoldMs`'s. */
export interface LockSpan {
  readonly validUntil: number;
  readonly holdEnd: number;
}

/**
 * Where a lock ends if nothing extends it again: its validity's end or `maxHoldMs`'s, whichever
 * comes first. Set while an extension is in flight too, so a late reply never postpones a loss.
 */
export function lockEnd(validUntil: number, holdEnd: number): LockTimer {
  return holdEnd <= validUntil
    ? { at: holdEnd, action: 'max-hold' }
    : { at: validUntil, action: 'expired' };
}

/**
 * The timer after an acquisition or a successful extension at `renewedAt`: an auto-extension
 * halfway through the validity, unless that falls at or past the hold's end (no extension is
 * ever sent from `maxHoldMs` on); otherwise the lock's end.
 *
 * @example
 * ```ts
 * nextAfterRenewal(0, { validUntil: 988, holdEnd: Infinity }, true); // at 494: 'extend'
 * nextAfterRenewal(0, { validUntil: 988, holdEnd: 400 }, true); // at 400: 'max-hold'
 * ```
 */
export function nextAfterRenewal(
  renewedAt: number,
  span: LockSpan,
  autoExtend: boolean,
): LockTimer {
  const { validUntil, holdEnd } = span;
  const extendAt = renewedAt + (validUntil - renewedAt) / 2;
  if (autoExtend && extendAt < holdEnd) return { at: extendAt, action: 'extend' };
  return lockEnd(validUntil, holdEnd);
}

/**
 * The timer after an auto-extension got too few answers at `now`: another try halfway to the
 * lock's end while a node call still fits twice before it, else the end itself (a validity
 * that runs out so is an extension that failed).
 *
 * @example
 * ```ts
 * nextAfterFailedExtension(500, { validUntil: 988, holdEnd: Infinity }, 100); // at 744: 'extend'
 * nextAfterFailedExtension(500, { validUntil: 988, holdEnd: 600 }, 100); // at 600: 'max-hold'
 * ```
 */
export function nextAfterFailedExtension(
  now: number,
  span: LockSpan,
  nodeTimeoutMs: number,
): LockTimer {
  const end = lockEnd(span.validUntil, span.holdEnd);
  const left = end.at - now;
  if (left > 2 * nodeTimeoutMs) return { at: now + left / 2, action: 'extend' };
  return end.action === 'expired' ? { at: end.at, action: 'extend-failed' } : end;
}
