import { describe, expect, it } from 'vitest';
import {
  lockEnd,
  nextAfterFailedExtension,
  nextAfterRenewal,
} from '../../src/engine/lock-timer.js';

describe('lock timers', () => {
  it('the lock ends at the earlier of validity and hold', () => {
    expect(lockEnd(988, Infinity)).toEqual({ at: 988, action: 'expired' });
    expect(lockEnd(988, 600)).toEqual({ at: 600, action: 'max-hold' });
    expect(lockEnd(988, 988)).toEqual({ at: 988, action: 'max-hold' });
  });

  it('after a renewal: extend halfway, never at or past the hold’s end', () => {
    expect(nextAfterRenewal(0, { validUntil: 988, holdEnd: Infinity }, true)).toEqual({
      at: 494,
      action: 'extend',
    });
    expect(nextAfterRenewal(100, { validUntil: 1088, holdEnd: Infinity }, true)).toEqual({
      at: 594,
      action: 'extend',
    });
    expect(nextAfterRenewal(0, { validUntil: 988, holdEnd: 494 }, true)).toEqual({
      at: 494,
      action: 'max-hold',
    });
    expect(nextAfterRenewal(0, { validUntil: 988, holdEnd: 2_000 }, false)).toEqual({
      at: 988,
      action: 'expired',
    });
  });

  it('after a failed extension: retry halfway to the end while two node calls fit', () => {
    expect(nextAfterFailedExtension(500, { validUntil: 988, holdEnd: Infinity }, 100)).toEqual({
      at: 744,
      action: 'extend',
    });
    expect(nextAfterFailedExtension(500, { validUntil: 988, holdEnd: 800 }, 100)).toEqual({
      at: 650,
      action: 'extend',
    });
    expect(nextAfterFailedExtension(500, { validUntil: 988, holdEnd: 600 }, 100)).toEqual({
      at: 600,
      action: 'max-hold',
    });
    expect(nextAfterFailedExtension(800, { validUntil: 988, holdEnd: Infinity }, 100)).toEqual({
      at: 988,
      action: 'extend-failed',
    });
  });

  it('never schedules an extension at or past the hold’s end (exhaustive over a grid)', () => {
    for (let now = 0; now <= 1_000; now += 25) {
      for (let holdEnd = now; holdEnd <= 1_200; holdEnd += 25) {
        for (const validUntil of [now + 1, now + 200, now + 988]) {
          const retry = nextAfterFailedExtension(
            now,
            { validUntil: validUntil, holdEnd: holdEnd },
            50,
          );
          const renewal = nextAfterRenewal(now, { validUntil: validUntil, holdEnd: holdEnd }, true);
          for (const timer of [retry, renewal]) {
            expect(timer.at).toBeLessThanOrEqual(Math.min(validUntil, holdEnd));
            if (timer.action === 'extend') expect(timer.at).toBeLessThan(holdEnd);
          }
        }
      }
    }
  });
});
