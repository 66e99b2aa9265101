// A badly broken long run must still report: counts exact, examples bounded, pairs never
// listed (10,000 mutually overlapping holds are ~50 million pairs).
import { describe, expect, it } from 'vitest';
import { LockHistory } from '../../src/index.js';

const N = 10_000;
const PAIRS = (N * (N - 1)) / 2;

describe('LockHistory at scale', () => {
  it('counts every pair of 10,000 overlapping holds and keeps at most 10 examples', () => {
    const history = new LockHistory();
    for (let i = 0; i < N; i++) {
      history.record({
        resource: 'r',
        holder: `w${i % 7}`,
        acquiredAt: i,
        validUntil: N + 1_000,
        releasedAt: N + 500,
        fence: BigInt(i + 1),
      });
    }
    const report = history.check();
    expect(report.overlaps.count).toBe(PAIRS);
    expect(report.overlaps.examples).toHaveLength(10);
    for (const { first, second } of report.overlaps.examples) {
      expect(first.acquiredAt).toBeLessThan(second.acquiredAt);
    }
    expect(report.overruns.count).toBe(0);
    expect(report.fenceRegressions.count).toBe(0);
  });

  it('counts overruns of 10,000 holds acting long past a short validity', () => {
    const history = new LockHistory();
    for (let i = 0; i < N; i++) {
      // Holds are valid for 1 ms each, one after the other, but all act until N + 500.
      history.record({
        resource: 'r',
        holder: 'w',
        acquiredAt: i,
        validUntil: i + 1,
        releasedAt: N + 500,
        fence: BigInt(N - i),
      });
    }
    const report = history.check();
    expect(report.overlaps.count).toBe(0);
    expect(report.overruns.count).toBe(PAIRS);
    expect(report.overruns.examples).toHaveLength(10);
    expect(report.fenceRegressions.count).toBe(N - 1);
    expect(report.fenceRegressions.examples).toHaveLength(10);
  });

  it('keeps at most the configured number of examples per resource', () => {
    const history = new LockHistory({ examplesPerResource: 2 });
    for (const resource of ['x', 'y', 'z']) {
      for (let i = 0; i < 5; i++) {
        history.record({
          resource,
          holder: 'w',
          acquiredAt: i,
          validUntil: 100,
          releasedAt: 50,
          fence: undefined,
        });
      }
    }
    const report = history.check();
    expect(report.overlaps.count).toBe(30);
    expect(report.overlaps.examples).toHaveLength(6);
    expect(new Set(report.overlaps.examples.map((o) => o.first.resource))).toEqual(
      new Set(['x', 'y', 'z']),
    );
  });
});
