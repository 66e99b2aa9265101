// The checker finds exactly what was injected into a history, whatever the recording order.
// Runs with a fixed seed (what CI passed before), then with FC_SEED or a fresh random seed;
// fast-check's failure message names the seed and the shrunk history: replay with FC_SEED=<seed>.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LockHistory, type Findings, type HistoryReport, type Hold } from '../../src/index.js';
import { key, knownHistory, type KnownHistory } from './lock-history-known.js';

const FIXED_SEED = 20_260_611;
const NUM_RUNS = 300;

function seeds(): number[] {
  const fromEnv = process.env['FC_SEED'];
  const other =
    fromEnv === undefined ? (Date.now() ^ (Math.random() * 2 ** 31)) | 0 : Number(fromEnv);
  return [FIXED_SEED, other];
}

/** Checks counts, the number of examples (capped per resource) and that each was injected. */
function expectFindings<T>(
  found: Findings<T>,
  injected: ReadonlyMap<string, readonly string[]>,
  limit: number,
  pairOf: (example: T) => readonly Hold[],
): void {
  const all = [...injected.values()].flat();
  expect(found.count).toBe(all.length);
  const capped = [...injected.values()].reduce(
    (sum, list) => sum + Math.min(list.length, limit),
    0,
  );
  expect(found.examples).toHaveLength(capped);
  for (const example of found.examples) {
    const [a, b] = pairOf(example).map(key);
    expect([`${a}|${b}`, `${b}|${a}`].some((pair) => all.includes(pair))).toBe(true);
  }
}

function checkKnown(history: KnownHistory, limit: number): HistoryReport {
  const checker = new LockHistory({ now: () => history.now, examplesPerResource: limit });
  for (const hold of history.holds) checker.record(hold);
  return checker.check();
}

describe('LockHistory on histories with a known answer', () => {
  it.each(seeds())('finds exactly the injected findings (seed %i)', (seed) => {
    fc.assert(
      fc.property(knownHistory, fc.integer({ min: 1, max: 4 }), (history, limit) => {
        const report = checkKnown(history, limit);
        expect(report.holds).toBe(history.holds.length);
        expect(report.open).toBe(history.open);
        expectFindings(report.overlaps, history.overlaps, limit, (o) => [o.first, o.second]);
        expectFindings(report.overruns, history.overruns, limit, (o) => [o.overrunning, o.other]);
        expectFindings(report.fenceRegressions, history.fenceRegressions, limit, (r) => [
          r.earlier,
          r.later,
        ]);
        for (const overrun of report.overruns.examples) {
          // The injected overrunning hold is always acquired first, its fence the smaller.
          expect(overrun.overrunning.acquiredAt).toBeLessThan(overrun.other.acquiredAt);
          expect(overrun.neutralisedByFencing).toBe(history.fenced);
        }
      }),
      { seed, numRuns: NUM_RUNS },
    );
  });
});
