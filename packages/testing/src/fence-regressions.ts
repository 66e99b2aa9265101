import type { Hold } from './hold.js';
import type { FenceRegression, Findings } from './history-report.js';

/**
 * Orders holds by `acquiredAt`, and holds acquired at the same instant by fence: nothing tells
 * which of those came first, so they are given the order in which fences would be fine, and
 * the order they were recorded in cannot make a regression. Unfenced holds go last.
 */
export function byAcquisition(a: Hold, b: Hold): number {
  if (a.acquiredAt !== b.acquiredAt) return a.acquiredAt - b.acquiredAt;
  if (a.fence === b.fence) return 0;
  if (a.fence === undefined) return 1;
  if (b.fence === undefined) return -1;
  return a.fence < b.fence ? -1 : 1;
}

/**
 * Finds the holds of one resource, sorted {@link byAcquisition}, whose fence is not greater
 * than every fence before them: an exact count, and at most `limit` examples.
 */
export function findFenceRegressions(
  holds: readonly Hold[],
  limit: number,
): Findings<FenceRegression> {
  const examples: FenceRegression[] = [];
  let count = 0;
  let greatest: Hold | undefined;
  for (const hold of holds) {
    if (hold.fence === undefined) continue;
    if (greatest?.fence !== undefined && hold.fence <= greatest.fence) {
      count++;
      if (examples.length < limit) examples.push({ earlier: greatest, later: hold });
    } else {
      greatest = hold;
    }
  }
  return { count, examples };
}
