import type { Hold } from './hold.js';
import type { Findings, Overlap, Overrun } from './history-report.js';

/** A hold with the end of its acting resolved: `releasedAt`, or the check's time if open. */
export interface Span {
  readonly hold: Hold;
  readonly end: number;
}

/** The end of a span's valid interval: release, or validity running out, whichever is first. */
function validEnd(span: Span): number {
  return Math.min(span.end, span.hold.validUntil);
}

/** How many of `sorted` (ascending) are at most `value`. */
function countAtMost(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * For each interval [starts[i], ends[i]) — `starts` ascending — how many earlier ones
 * intersect it. An interval ending by `starts[i]` started before it, so the earlier ones still
 * running are those seen minus those ended: a count in O(n log n) without listing the pairs.
 */
function earlierIntersecting(starts: readonly number[], ends: readonly number[]): number[] {
  const sortedEnds = ends.filter((end, i) => end > starts[i]!).sort((a, b) => a - b);
  let seen = 0;
  return starts.map((start, i) => {
    if (ends[i]! <= start) return 0;
    const running = seen - countAtMost(sortedEnds, start);
    seen++;
    return running;
  });
}

function bothValid(a: Span, b: Span): boolean {
  return Math.min(validEnd(a), validEnd(b)) > Math.max(a.hold.acquiredAt, b.hold.acquiredAt);
}

function bothActing(a: Span, b: Span): boolean {
  return Math.min(a.end, b.end) > Math.max(a.hold.acquiredAt, b.hold.acquiredAt);
}

function overrun(earlier: Hold, later: Hold): Overrun {
  const [overrunning, other] =
    later.validUntil < earlier.validUntil ? [later, earlier] : [earlier, later];
  return {
    overrunning,
    other,
    neutralisedByFencing:
      overrunning.fence !== undefined &&
      other.fence !== undefined &&
      other.fence > overrunning.fence,
  };
}

/**
 * Adds to `examples` up to `wanted` pairs (j, i), j < i, that `matches`, stopping at `limit`.
 * Called only when such pairs exist, and each call adds one, so scans stay within `limit`.
 */
function collect<T>(
  spans: readonly Span[],
  i: number,
  wanted: number,
  limit: number,
  examples: T[],
  example: (earlier: Span, later: Span) => T | undefined,
): void {
  let found = 0;
  for (let j = i - 1; j >= 0 && found < wanted && examples.length < limit; j--) {
    const pair = example(spans[j]!, spans[i]!);
    if (pair === undefined) continue;
    examples.push(pair);
    found++;
  }
}

/**
 * Finds the overlaps and overruns among the spans of one resource, sorted by `acquiredAt`:
 * exact counts, and at most `limit` examples of each.
 */
export function sweepResource(
  spans: readonly Span[],
  limit: number,
): { readonly overlaps: Findings<Overlap>; readonly overruns: Findings<Overrun> } {
  const starts = spans.map((span) => span.hold.acquiredAt);
  const valid = earlierIntersecting(starts, spans.map(validEnd));
  // A valid interval lies within its acting one, so every overlapping pair is also counted
  // here: the difference is the pairs that overlap only through a hold acting past validity.
  const acting = earlierIntersecting(
    starts,
    spans.map((span) => span.end),
  );
  const overlaps: Overlap[] = [];
  const overruns: Overrun[] = [];
  let overlapCount = 0;
  let overrunCount = 0;
  for (let i = 0; i < spans.length; i++) {
    const overlapsHere = valid[i]!;
    const overrunsHere = acting[i]! - overlapsHere;
    overlapCount += overlapsHere;
    overrunCount += overrunsHere;
    if (overlapsHere > 0 && overlaps.length < limit) {
      collect(spans, i, overlapsHere, limit, overlaps, (a, b) =>
        bothValid(a, b) ? { first: a.hold, second: b.hold } : undefined,
      );
    }
    if (overrunsHere > 0 && overruns.length < limit) {
      collect(spans, i, overrunsHere, limit, overruns, (a, b) =>
        bothActing(a, b) && !bothValid(a, b) ? overrun(a.hold, b.hold) : undefined,
      );
    }
  }
  return {
    overlaps: { count: overlapCount, examples: overlaps },
    overruns: { count: overrunCount, examples: overruns },
  };
}
