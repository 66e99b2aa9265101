import { describe, expect, it } from 'vitest';
import { LockHistory } from '../../src/index.js';

function fakeLock(resources: string[], validUntil: number, fence?: bigint) {
  const controller = new AbortController();
  const lock = { resources, validUntil, fence, signal: controller.signal };
  return { lock, controller };
}

describe('LockHistory.track', () => {
  it('tracks a live lock until its signal aborts', () => {
    let clock = 1_000;
    const history = new LockHistory({ now: () => clock });
    const { lock, controller } = fakeLock(['p', 'q'], 5_000, 9n);
    const done = history.track(lock, 'w');
    clock = 1_200;
    controller.abort();
    clock = 1_300;
    done();
    const expected = { holder: 'w', acquiredAt: 1_000, validUntil: 5_000, releasedAt: 1_200 };
    expect(history.holds).toEqual([
      { resource: 'p', ...expected, fence: 9n },
      { resource: 'q', ...expected, fence: 9n },
    ]);
  });

  it('counts a lock still held at the check as open until then', () => {
    let clock = 0;
    const history = new LockHistory({ now: () => clock });
    const { lock: first } = fakeLock(['r'], 100);
    history.track(first, 'a');
    clock = 150;
    const { lock: second } = fakeLock(['r'], 1_000);
    const done = history.track(second, 'b');
    clock = 200;
    done();
    const report = history.check();
    expect(report).toMatchObject({ holds: 2, open: 1 });
    // a has not said it stopped: it is still acting, past its validity, over b's hold.
    expect(report.overruns.count).toBe(1);
    expect(report.overruns.examples[0]?.overrunning.holder).toBe('a');
    expect(history.holds[0]).toMatchObject({ holder: 'a', releasedAt: undefined });
  });

  it('reads the validity of an open lock at the check, so extensions count', () => {
    let clock = 0;
    const history = new LockHistory({ now: () => clock });
    const { lock } = fakeLock(['r'], 100);
    const done = history.track(lock, 'a');
    clock = 150;
    history.record({
      resource: 'r',
      holder: 'b',
      acquiredAt: 150,
      validUntil: 300,
      releasedAt: 160,
      fence: undefined,
    });
    clock = 200;
    expect(history.check().overruns.count).toBe(1);
    lock.validUntil = 400; // extended before b came
    expect(history.check().overlaps.count).toBe(1);
    done();
    expect(history.holds[0]).toMatchObject({ validUntil: 400, releasedAt: 200 });
  });

  it('ends at once a lock whose signal had already aborted', () => {
    const history = new LockHistory({ now: () => 7 });
    const { lock, controller } = fakeLock(['r'], 100);
    controller.abort();
    history.track(lock, 'a');
    expect(history.check()).toMatchObject({ holds: 1, open: 0 });
    expect(history.holds[0]?.releasedAt).toBe(7);
  });

  it('takes a resource listed twice as one hold', () => {
    const history = new LockHistory({ now: () => 0 });
    history.track(fakeLock(['r', 'r'], 100).lock, 'a')();
    expect(history.check()).toMatchObject({ holds: 1, overlaps: { count: 0 } });
  });

  it('rejects a lock with a bad field, leaving nothing recorded', () => {
    const history = new LockHistory();
    const { lock } = fakeLock(['r'], Number.NaN);
    expect(() => history.track(lock, 'a')).toThrow(/validUntil/);
    expect(() => history.track({ ...lock, validUntil: 1 }, 7 as unknown as string)).toThrow(
      TypeError,
    );
    expect(history.holds).toEqual([]);
  });
});
