import { describe, expect, it } from 'vitest';
import { PermitHistory, type Hold, type PermitHistoryOptions } from '../../src/index.js';

const GOOD: Hold = {
  resource: 'jobs:0',
  holder: 'a',
  acquiredAt: 0,
  validUntil: 100,
  releasedAt: 50,
  fence: 1n,
};

/** A hold with one field replaced by something a JavaScript caller could pass. */
function bad(field: keyof Hold, value: unknown): Hold {
  const fields: Record<string, unknown> = { ...GOOD, [field]: value };
  return fields as unknown as Hold;
}

/** Options as a JavaScript caller could pass them. */
function options(fields: Record<string, unknown>): PermitHistoryOptions {
  return fields as unknown as PermitHistoryOptions;
}

describe('PermitHistory.record', () => {
  it.each([
    ['resource', 7],
    ['holder', null],
    ['acquiredAt', Number.NaN],
    ['acquiredAt', '10'],
    ['validUntil', Number.NaN],
    ['releasedAt', null],
    ['fence', 1],
  ] as const)('rejects %s = %o with a TypeError naming it', (field, value) => {
    const history = new PermitHistory({ limit: 1 });
    expect(() => history.record(bad(field, value))).toThrow(TypeError);
    expect(() => history.record(bad(field, value))).toThrow(`hold.${field}`);
    expect(history.holds).toEqual([]);
  });

  it.each(['jobs', 'jobs:', 'jobs:x', 'jobs:1:a', 'jobs:-1', 'jobs:1.5', ''])(
    'rejects %j, which names no permit slot, with a RangeError naming hold.resource',
    (resource) => {
      const history = new PermitHistory({ limit: 1 });
      expect(() => history.record({ ...GOOD, resource })).toThrow(RangeError);
      expect(() => history.record({ ...GOOD, resource })).toThrow('hold.resource');
      expect(history.holds).toEqual([]);
    },
  );

  it('rejects a release before the acquisition, and what is not a hold', () => {
    const history = new PermitHistory({ limit: 1 });
    expect(() => history.record({ ...GOOD, acquiredAt: 100, releasedAt: 99 })).toThrow(RangeError);
    expect(() => history.record(null as unknown as Hold)).toThrow(TypeError);
  });

  it('copies the hold, so changing it afterwards does not rewrite history', () => {
    const history = new PermitHistory({ limit: 1 });
    const mutable: { -readonly [K in keyof Hold]: Hold[K] } = { ...GOOD };
    history.record(mutable);
    mutable.releasedAt = 5_000;
    expect(history.holds[0]?.releasedAt).toBe(50);
  });
});

describe('PermitHistory options', () => {
  it.each([
    [{}, TypeError],
    [{ limit: '2' }, TypeError],
    [{ limit: 0 }, RangeError],
    [{ limit: 1.5 }, RangeError],
    [{ limit: Number.POSITIVE_INFINITY }, RangeError],
    [{ limit: Number.NaN }, RangeError],
  ])('rejects %o with a %O naming options.limit', (fields, kind) => {
    expect(() => new PermitHistory(options(fields))).toThrow(kind);
    expect(() => new PermitHistory(options(fields))).toThrow('options.limit');
  });

  it('rejects no options at all, naming options.limit', () => {
    expect(() => new PermitHistory(undefined as unknown as PermitHistoryOptions)).toThrow(
      'options.limit',
    );
  });

  it('rejects a bad clock or example count', () => {
    expect(() => new PermitHistory(options({ limit: 1, now: 5 }))).toThrow(TypeError);
    expect(() => new PermitHistory({ limit: 1, examplesPerResource: -1 })).toThrow(RangeError);
    expect(() => new PermitHistory({ limit: 1, examplesPerResource: 1.5 })).toThrow(
      'options.examplesPerResource',
    );
  });

  it.each([
    [() => 0, RangeError],
    [() => 2.5, RangeError],
    [() => '2', TypeError],
    [() => undefined, TypeError],
  ])('rejects at the check a limit function returning %s, naming the semaphore', (limit, kind) => {
    const history = new PermitHistory(options({ limit }));
    history.record(GOOD);
    expect(() => history.check()).toThrow(kind);
    expect(() => history.check()).toThrow('options.limit("jobs")');
  });
});
