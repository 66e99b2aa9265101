import { describe, expect, it } from 'vitest';
import { LockHistory, type Hold } from '../../src/index.js';

function hold(partial: Partial<Hold> & Pick<Hold, 'holder' | 'acquiredAt'>): Hold {
  return {
    resource: 'r',
    validUntil: partial.acquiredAt + 1_000,
    releasedAt: undefined,
    fence: undefined,
    ...partial,
  };
}

function checked(...holds: Hold[]): ReturnType<LockHistory['check']> {
  const history = new LockHistory({ now: () => 10_000 });
  for (const h of holds) history.record(h);
  return history.check();
}

describe('LockHistory', () => {
  it('catches two holders at once', () => {
    const report = checked(
      hold({ holder: 'a', acquiredAt: 0, releasedAt: 100 }),
      hold({ holder: 'b', acquiredAt: 50, releasedAt: 150 }),
    );
    expect(report.overlaps.count).toBe(1);
    expect(report.overlaps.examples[0]?.first.holder).toBe('a');
    expect(report.overlaps.examples[0]?.second.holder).toBe('b');
    expect(report.overruns).toEqual({ count: 0, examples: [] });
  });

  it('does not flag touching intervals', () => {
    const report = checked(
      hold({ holder: 'a', acquiredAt: 0, releasedAt: 100 }),
      hold({ holder: 'b', acquiredAt: 100, releasedAt: 200 }),
    );
    expect(report.overlaps).toEqual({ count: 0, examples: [] });
    expect(report.overruns.count).toBe(0);
  });

  it('keeps a hold valid until its validity, and open until the check', () => {
    const report = checked(
      hold({ holder: 'a', acquiredAt: 0, validUntil: 100 }),
      hold({ holder: 'b', acquiredAt: 100, releasedAt: 150 }),
      hold({ holder: 'c', acquiredAt: 140, releasedAt: 160 }),
    );
    expect(report.overlaps.examples.map((o) => [o.first.holder, o.second.holder])).toEqual([
      ['b', 'c'],
    ]);
    // a never said it stopped: it may still be acting, past its validity.
    expect(report.open).toBe(1);
    expect(report.overruns.count).toBe(2);
  });

  it('reports a holder acting past its validity as an overrun, apart from overlaps', () => {
    const report = checked(
      hold({ holder: 'a', acquiredAt: 0, validUntil: 100, releasedAt: 200 }),
      hold({ holder: 'b', acquiredAt: 150, releasedAt: 300 }),
    );
    expect(report.overlaps.count).toBe(0);
    expect(report.overruns.count).toBe(1);
    expect(report.overruns.examples[0]).toMatchObject({
      overrunning: { holder: 'a' },
      other: { holder: 'b' },
      neutralisedByFencing: false,
    });
  });

  it('says when fencing neutralised an overrun, and when it did not', () => {
    const overrun = (fenceA: bigint | undefined, fenceB: bigint | undefined): boolean | undefined =>
      checked(
        hold({ holder: 'a', acquiredAt: 0, validUntil: 100, releasedAt: 200, fence: fenceA }),
        hold({ holder: 'b', acquiredAt: 150, releasedAt: 300, fence: fenceB }),
      ).overruns.examples[0]?.neutralisedByFencing;
    expect(overrun(1n, 2n)).toBe(true);
    expect(overrun(2n, 2n)).toBe(false);
    expect(overrun(1n, undefined)).toBe(false);
  });

  it('takes the hold whose validity ended first as the overrunning one', () => {
    // b's acquire resolved after its validity had already ended (a pause right after it).
    const report = checked(
      hold({ holder: 'a', acquiredAt: 0, releasedAt: 300, fence: 1n }),
      hold({ holder: 'b', acquiredAt: 150, validUntil: 140, releasedAt: 200, fence: 2n }),
    );
    expect(report.overruns.count).toBe(1);
    expect(report.overruns.examples[0]).toMatchObject({
      overrunning: { holder: 'b' },
      other: { holder: 'a' },
      neutralisedByFencing: false,
    });
  });

  it('reports overlapping holds of the same holder name', () => {
    const report = checked(
      hold({ holder: 'w', acquiredAt: 0, releasedAt: 100 }),
      hold({ holder: 'w', acquiredAt: 50, releasedAt: 150 }),
    );
    expect(report.overlaps.count).toBe(1);
  });

  it('keeps resources apart', () => {
    const report = checked(
      hold({ resource: 'x', holder: 'a', acquiredAt: 0, releasedAt: 100 }),
      hold({ resource: 'y', holder: 'b', acquiredAt: 50, releasedAt: 150 }),
    );
    expect(report.overlaps.count).toBe(0);
    expect(report.overruns.count).toBe(0);
  });

  it('catches fence regressions, not increases', () => {
    const report = checked(
      hold({ holder: 'a', acquiredAt: 0, releasedAt: 10, fence: 5n }),
      hold({ holder: 'b', acquiredAt: 20, releasedAt: 30, fence: 6n }),
      hold({ holder: 'c', acquiredAt: 40, releasedAt: 50, fence: 6n }),
      hold({ holder: 'd', acquiredAt: 60, releasedAt: 70, fence: 3n }),
      hold({ holder: 'e', acquiredAt: 80, releasedAt: 90, fence: 7n }),
    );
    const pairs = report.fenceRegressions.examples.map((r) => [r.earlier.holder, r.later.holder]);
    expect(pairs).toEqual([
      ['b', 'c'],
      ['b', 'd'],
    ]);
    expect(report.fenceRegressions.count).toBe(2);
    expect(report.overlaps.count).toBe(0);
  });

  it('does not make a fence regression of the recording order of simultaneous holds', () => {
    const report = checked(
      hold({ holder: 'b', acquiredAt: 0, releasedAt: 0, fence: 8n }),
      hold({ holder: 'a', acquiredAt: 0, releasedAt: 0, fence: 7n }),
    );
    expect(report.fenceRegressions.count).toBe(0);
    // The same fence twice is a regression whatever the order.
    const twice = checked(
      hold({ holder: 'b', acquiredAt: 0, releasedAt: 0, fence: 7n }),
      hold({ holder: 'a', acquiredAt: 0, releasedAt: 0, fence: 7n }),
    );
    expect(twice.fenceRegressions.count).toBe(1);
  });
});
