import { byAcquisition } from './fence-regressions.js';
import type { Findings } from './history-report.js';
import type { Hold } from './hold.js';
import type { OverAdmission } from './permit-report.js';

/** A hold of a permit slot with the end of its valid interval resolved. */
export interface PermitSpan {
  readonly hold: Hold;
  /** min(end of acting, validUntil): the hold counts over [acquiredAt, validEnd). */
  readonly validEnd: number;
}

/** An over-admission before its holds are looked up. */
interface Stretch {
  readonly from: number;
  until: number;
  at: number;
  permits: number;
}

const ascending = (a: number, b: number): number => a - b;

/**
 * The permits of one semaphore valid at each instant, from its spans: the peak, and each
 * maximal stretch over `limit` — an exact count, and the first `maxExamples` as examples.
 * O(n log n) for the sweep, plus O(n) per example to list its holds.
 */
export function sweepSemaphore(
  semaphore: string,
  limit: number,
  spans: readonly PermitSpan[],
  maxExamples: number,
): { readonly peak: number; readonly overAdmissions: Findings<OverAdmission> } {
  const valid = spans.filter((span) => span.validEnd > span.hold.acquiredAt);
  const starts = valid.map((span) => span.hold.acquiredAt).sort(ascending);
  const ends = valid.map((span) => span.validEnd).sort(ascending);
  const stretches: Stretch[] = [];
  let count = 0;
  let peak = 0;
  let current: Stretch | undefined;
  let i = 0;
  let j = 0;
  // Instant by instant (not event by event: a hold ending where another starts is no dip),
  // so the count after an instant's events holds until the next instant. Every span ends
  // after it starts, so while starts remain, so do ends.
  while (i < starts.length) {
    const t = Math.min(starts[i]!, ends[j]!);
    for (; j < ends.length && ends[j] === t; j++) count--;
    for (; i < starts.length && starts[i] === t; i++) count++;
    peak = Math.max(peak, count);
    if (count > limit) {
      if (current === undefined) {
        current = { from: t, until: Number.POSITIVE_INFINITY, at: t, permits: count };
        stretches.push(current);
      } else if (count > current.permits) {
        current.at = t;
        current.permits = count;
      }
    } else if (current !== undefined) {
      current.until = t;
      current = undefined;
    }
  }
  // After the last start the count only falls: below the limit once count - limit more end.
  if (current !== undefined) current.until = ends[j + count - limit - 1]!;
  const examples = stretches.slice(0, maxExamples).map((stretch) => {
    const holds = valid
      .filter((span) => span.hold.acquiredAt <= stretch.at && stretch.at < span.validEnd)
      .map((span) => span.hold)
      .sort(byAcquisition);
    return { semaphore, limit, ...stretch, holds };
  });
  return { peak, overAdmissions: { count: stretches.length, examples } };
}
