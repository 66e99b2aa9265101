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

describe('LockHistory', () => {
  it('catches two holders at once', () => {
    const history = new LockHistory();
    history.record(hold({ holder: 'a', acquiredAt: 0, releasedAt: 100 }));
    history.record(hold({ holder: 'b', acquiredAt: 50, releasedAt: 150 }));
    const report = history.check();
    expect(report.overlaps).toHaveLength(1);
    expect(report.overlaps[0]?.first.holder).toBe('a');
    expect(report.overlaps[0]?.second.holder).toBe('b');
  });

  it('does not flag touching intervals', () => {
    const history = new LockHistory();
    history.record(hold({ holder: 'a', acquiredAt: 0, releasedAt: 100 }));
    history.record(hold({ holder: 'b', acquiredAt: 100, releasedAt: 200 }));
    expect(history.check().overlaps).toEqual([]);
  });

  it('ends a hold at its validity when it was never released', () => {
    const history = new LockHistory();
    history.record(hold({ holder: 'a', acquiredAt: 0, validUntil: 100 }));
    history.record(hold({ holder: 'b', acquiredAt: 100, releasedAt: 150 }));
    history.record(hold({ holder: 'c', acquiredAt: 140, releasedAt: 160 }));
    const report = history.check();
    expect(report.overlaps.map((o) => [o.first.holder, o.second.holder])).toEqual([['b', 'c']]);
  });

  it('keeps resources apart', () => {
    const history = new LockHistory();
    history.record(hold({ resource: 'x', holder: 'a', acquiredAt: 0, releasedAt: 100 }));
    history.record(hold({ resource: 'y', holder: 'b', acquiredAt: 50, releasedAt: 150 }));
    expect(history.check().overlaps).toEqual([]);
  });

  it('catches fence regressions, not increases', () => {
    const history = new LockHistory();
    history.record(hold({ holder: 'a', acquiredAt: 0, releasedAt: 10, fence: 5n }));
    history.record(hold({ holder: 'b', acquiredAt: 20, releasedAt: 30, fence: 6n }));
    history.record(hold({ holder: 'c', acquiredAt: 40, releasedAt: 50, fence: 6n }));
    history.record(hold({ holder: 'd', acquiredAt: 60, releasedAt: 70, fence: 3n }));
    history.record(hold({ holder: 'e', acquiredAt: 80, releasedAt: 90, fence: 7n }));
    const report = history.check();
    expect(report.fenceRegressions.map((r) => [r.earlier.holder, r.later.holder])).toEqual([
      ['b', 'c'],
      ['b', 'd'],
    ]);
    expect(report.overlaps).toEqual([]);
  });

  it('tracks a live lock until its signal aborts', () => {
    const history = new LockHistory();
    const controller = new AbortController();
    let clock = 1_000;
    const lock = { resources: ['p', 'q'], validUntil: 5_000, fence: 9n, signal: controller.signal };
    const done = history.track(lock, 'w', () => clock);
    clock = 1_200;
    controller.abort();
    done();
    expect(history.holds).toEqual([
      {
        resource: 'p',
        holder: 'w',
        acquiredAt: 1_000,
        validUntil: 5_000,
        releasedAt: 1_200,
        fence: 9n,
      },
      {
        resource: 'q',
        holder: 'w',
        acquiredAt: 1_000,
        validUntil: 5_000,
        releasedAt: 1_200,
        fence: 9n,
      },
    ]);
  });

  it('rejects malformed holds', () => {
    const history = new LockHistory();
    expect(() => history.record(hold({ holder: 'a', acquiredAt: Number.NaN }))).toThrow(RangeError);
  });
});
