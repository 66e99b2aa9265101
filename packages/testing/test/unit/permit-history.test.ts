import { describe, expect, it } from 'vitest';
import { PermitHistory, type Hold, type PermitReport } from '../../src/index.js';

function hold(partial: Partial<Hold> & Pick<Hold, 'holder' | 'acquiredAt'>): Hold {
  return {
    resource: 'jobs:0',
    validUntil: partial.acquiredAt + 1_000,
    releasedAt: undefined,
    fence: undefined,
    ...partial,
  };
}

function checked(limit: number, ...holds: Hold[]): PermitReport {
  const history = new PermitHistory({ limit, now: () => 10_000 });
  for (const h of holds) history.record(h);
  return history.check();
}

/** For each node, how many of `holders` (each the set of nodes that granted it) it counts. */
function perNodeCounts(nodes: number, holders: readonly (readonly number[])[]): number[] {
  return Array.from({ length: nodes }, (_, node) => holders.filter((h) => h.includes(node)).length);
}

describe('PermitHistory', () => {
  // Issue 16's trap: counting holders per node and succeeding on a quorum. With 5 nodes and
  // limit 2, holders granted by {0,1,2}, {2,3,4} and {0,1,3} respect every node's count, yet
  // three hold at once. Whatever slots they name, three permits at once must be reported.
  const quorums = [
    [0, 1, 2],
    [2, 3, 4],
    [0, 1, 3],
  ];
  it.each([[[0, 1, 2]], [[0, 1, 0]], [[1, 1, 1]]])(
    'reports the 5-node per-node-count counterexample (slots %j)',
    (slots) => {
      expect(Math.max(...perNodeCounts(5, quorums))).toBe(2); // every node kept its limit
      const holds = quorums.map((_, i) =>
        hold({
          resource: `jobs:${slots[i]}`,
          holder: `h${i}`,
          acquiredAt: 10 * i,
          releasedAt: 100,
        }),
      );
      const report = checked(2, ...holds);
      expect(report.overAdmissions.count).toBe(1);
      expect(report.overAdmissions.examples).toEqual([
        { semaphore: 'jobs', limit: 2, from: 20, until: 100, at: 20, permits: 3, holds },
      ]);
      expect(report.peaks).toEqual([{ semaphore: 'jobs', peak: 3, limit: 2 }]);
    },
  );

  it('finds nothing when the limit is kept, and says what the peak was', () => {
    const report = checked(
      2,
      hold({ resource: 'jobs:0', holder: 'a', acquiredAt: 0, releasedAt: 100 }),
      hold({ resource: 'jobs:1', holder: 'b', acquiredAt: 50, releasedAt: 150 }),
      hold({ resource: 'jobs:0', holder: 'c', acquiredAt: 100, releasedAt: 200 }),
    );
    expect(report).toEqual({
      holds: 3,
      open: 0,
      overAdmissions: { count: 0, examples: [] },
      peaks: [{ semaphore: 'jobs', peak: 2, limit: 2 }],
    });
  });

  it('does not count touching holds together', () => {
    const report = checked(
      1,
      hold({ holder: 'a', acquiredAt: 0, releasedAt: 100 }),
      hold({ holder: 'b', acquiredAt: 100, releasedAt: 200 }),
      hold({ holder: 'c', acquiredAt: 200, validUntil: 300, releasedAt: 400 }),
      hold({ holder: 'd', acquiredAt: 300, releasedAt: 350 }),
    );
    expect(report.overAdmissions.count).toBe(0);
    expect(report.peaks[0]?.peak).toBe(1);
  });

  it('ends a hold at its validity, and keeps an open one until then', () => {
    const report = checked(
      1,
      hold({ holder: 'a', acquiredAt: 0, validUntil: 100, releasedAt: 500 }),
      hold({ holder: 'b', acquiredAt: 50, validUntil: 150 }), // open
      hold({ holder: 'c', acquiredAt: 120, releasedAt: 130 }),
    );
    expect(report.open).toBe(1);
    expect(report.overAdmissions.examples.map((o) => [o.from, o.until, o.permits])).toEqual([
      [50, 100, 2],
      [120, 130, 2],
    ]);
  });

  it('counts two holds of one slot as two permits', () => {
    const report = checked(
      2,
      hold({ resource: 'jobs:0', holder: 'a', acquiredAt: 0, releasedAt: 100 }),
      hold({ resource: 'jobs:0', holder: 'b', acquiredAt: 10, releasedAt: 100 }),
      hold({ resource: 'jobs:1', holder: 'c', acquiredAt: 20, releasedAt: 30 }),
    );
    expect(report.overAdmissions.examples).toMatchObject([{ from: 20, until: 30, permits: 3 }]);
  });

  it('reports one stretch per maximal interval over the limit, at its highest', () => {
    const report = checked(
      1,
      hold({ holder: 'a', acquiredAt: 0, releasedAt: 100 }),
      hold({ holder: 'b', acquiredAt: 10, releasedAt: 50 }),
      hold({ holder: 'c', acquiredAt: 20, releasedAt: 30 }),
      // b ends where d starts: still over the limit, the same stretch.
      hold({ holder: 'd', acquiredAt: 50, releasedAt: 60 }),
      hold({ holder: 'e', acquiredAt: 80, releasedAt: 90 }),
    );
    expect(report.overAdmissions.count).toBe(2);
    const [first, second] = report.overAdmissions.examples;
    expect(first).toMatchObject({ from: 10, until: 60, at: 20, permits: 3 });
    expect(first?.holds.map((h) => h.holder)).toEqual(['a', 'b', 'c']);
    expect(second).toMatchObject({ from: 80, until: 90, at: 80, permits: 2 });
    expect(report.peaks).toEqual([{ semaphore: 'jobs', peak: 3, limit: 1 }]);
  });

  it('ends a stretch that outlives every start at the right release', () => {
    const report = checked(
      1,
      hold({ holder: 'a', acquiredAt: 0, releasedAt: 300 }),
      hold({ holder: 'b', acquiredAt: 0, releasedAt: 100 }),
      hold({ holder: 'c', acquiredAt: 0, releasedAt: 200 }),
      hold({ holder: 'd', acquiredAt: 0, validUntil: Number.POSITIVE_INFINITY }),
    );
    expect(report.overAdmissions.examples).toMatchObject([{ from: 0, until: 300, permits: 4 }]);
    const forever = checked(
      1,
      hold({ holder: 'a', acquiredAt: 0, validUntil: Number.POSITIVE_INFINITY }),
      hold({ holder: 'b', acquiredAt: 5, validUntil: Number.POSITIVE_INFINITY }),
    );
    expect(forever.overAdmissions.examples).toMatchObject([
      { from: 5, until: Number.POSITIVE_INFINITY },
    ]);
  });

  it('keeps semaphores apart, by the name before the last colon, each with its limit', () => {
    const history = new PermitHistory({ limit: (semaphore) => (semaphore === 'a:b' ? 1 : 2) });
    for (const resource of ['a:b:0', 'a:b:1', 'a:0', 'a:1', 'c\n:0']) {
      history.record(hold({ resource, holder: resource, acquiredAt: 0, releasedAt: 10 }));
    }
    const report = history.check();
    expect(report.peaks).toEqual([
      { semaphore: 'a', peak: 2, limit: 2 },
      { semaphore: 'a:b', peak: 2, limit: 1 },
      { semaphore: 'c\n', peak: 1, limit: 2 },
    ]);
    expect(report.overAdmissions.examples.map((o) => o.semaphore)).toEqual(['a:b']);
  });

  it('keeps at most examplesPerResource examples per semaphore, and counts them all', () => {
    const history = new PermitHistory({ limit: 1, examplesPerResource: 2 });
    for (const semaphore of ['x', 'y']) {
      for (let i = 0; i < 5; i++) {
        for (const slot of [0, 1]) {
          const at = 10 * i;
          history.record(
            hold({
              resource: `${semaphore}:${slot}`,
              holder: 'w',
              acquiredAt: at,
              releasedAt: at + 5,
            }),
          );
        }
      }
    }
    const report = history.check();
    expect(report.overAdmissions.count).toBe(10);
    expect(report.overAdmissions.examples.map((o) => `${o.semaphore}@${o.from}`)).toEqual([
      'x@0',
      'x@10',
      'y@0',
      'y@10',
    ]);
    expect(new PermitHistory({ limit: 1, examplesPerResource: 0 }).check().peaks).toEqual([]);
  });
});
