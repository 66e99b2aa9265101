import { describe, expect, it } from 'vitest';
import { PermitHistory } from '../../src/index.js';

function fakeLock(resources: string[], validUntil: number) {
  const controller = new AbortController();
  const lock = { resources, validUntil, fence: undefined, signal: controller.signal };
  return { lock, controller };
}

describe('PermitHistory.track', () => {
  it('tracks each slot of a permit lock until its release or loss', () => {
    let clock = 0;
    const history = new PermitHistory({ limit: 2, now: () => clock });
    const two = fakeLock(['jobs:0', 'jobs:1'], 1_000);
    const doneTwo = history.track(two.lock, 'a');
    clock = 10;
    const one = fakeLock(['jobs:0'], 1_000);
    history.track(one.lock, 'b'); // three permits at once
    clock = 20;
    one.controller.abort(); // lost: the hold ends now, not at some later release
    clock = 30;
    doneTwo();
    const report = history.check();
    expect(report).toMatchObject({ holds: 3, open: 0, peaks: [{ peak: 3 }] });
    expect(report.overAdmissions.examples).toMatchObject([
      { semaphore: 'jobs', from: 10, until: 20, permits: 3 },
    ]);
    expect(report.overAdmissions.examples[0]?.holds.map((h) => [h.holder, h.resource])).toEqual([
      ['a', 'jobs:0'],
      ['a', 'jobs:1'],
      ['b', 'jobs:0'],
    ]);
  });

  it('counts a lock still held at the check until its validity, read at the check', () => {
    let clock = 0;
    const history = new PermitHistory({ limit: 1, now: () => clock });
    const { lock } = fakeLock(['jobs:0'], 100);
    history.track(lock, 'a');
    clock = 150;
    history.track(fakeLock(['jobs:1'], 1_000).lock, 'b');
    expect(history.check()).toMatchObject({ open: 2, overAdmissions: { count: 0 } });
    lock.validUntil = 400; // extended before b came
    expect(history.check().overAdmissions.examples).toMatchObject([{ from: 150, until: 400 }]);
  });

  it('rejects a lock naming no permit slot, leaving nothing recorded and no listener', () => {
    const history = new PermitHistory({ limit: 1 });
    const { lock, controller } = fakeLock(['jobs:0', 'jobs'], 100);
    expect(() => history.track(lock, 'a')).toThrow(RangeError);
    expect(() => history.track(lock, 'a')).toThrow('lock.resources');
    expect(() => history.track(fakeLock(['jobs:0'], Number.NaN).lock, 'a')).toThrow(/validUntil/);
    expect(() => history.track(fakeLock(['jobs:0'], 1).lock, 7 as unknown as string)).toThrow(
      TypeError,
    );
    controller.abort();
    expect(history.holds).toEqual([]);
  });
});
