import { describe, expect, it } from 'vitest';
import { LockHistory, type Hold } from '../../src/index.js';

const GOOD: Hold = {
  resource: 'r',
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

describe('LockHistory.record', () => {
  it.each([
    ['resource', 7],
    ['resource', undefined],
    ['holder', null],
    ['acquiredAt', Number.NaN],
    ['acquiredAt', '10'],
    ['acquiredAt', Number.POSITIVE_INFINITY],
    ['acquiredAt', undefined],
    ['validUntil', Number.NaN],
    ['validUntil', '100'],
    ['releasedAt', Number.NaN],
    ['releasedAt', '50'],
    ['releasedAt', null],
    ['fence', 1],
    ['fence', '1'],
    ['fence', null],
  ] as const)('rejects %s = %o with a TypeError naming it', (field, value) => {
    const history = new LockHistory();
    expect(() => history.record(bad(field, value))).toThrow(TypeError);
    expect(() => history.record(bad(field, value))).toThrow(`hold.${field}`);
    expect(history.holds).toEqual([]);
  });

  it('rejects a release before the acquisition with a RangeError', () => {
    const history = new LockHistory();
    expect(() => history.record({ ...GOOD, acquiredAt: 100, releasedAt: 99 })).toThrow(RangeError);
  });

  it('rejects what is not a hold at all', () => {
    expect(() => new LockHistory().record(null as unknown as Hold)).toThrow(TypeError);
  });

  it('accepts open holds and a validity without end', () => {
    const history = new LockHistory();
    history.record({ ...GOOD, releasedAt: undefined, fence: undefined });
    history.record({ ...GOOD, resource: 's', validUntil: Number.POSITIVE_INFINITY });
    expect(history.holds).toHaveLength(2);
  });

  it('copies the hold, so changing it afterwards does not rewrite history', () => {
    const history = new LockHistory();
    const mutable: { -readonly [K in keyof Hold]: Hold[K] } = { ...GOOD };
    history.record(mutable);
    mutable.releasedAt = 5_000;
    expect(history.holds[0]?.releasedAt).toBe(50);
  });

  it('validates its options', () => {
    expect(() => new LockHistory({ examplesPerResource: -1 })).toThrow(RangeError);
    expect(() => new LockHistory({ examplesPerResource: 1.5 })).toThrow(RangeError);
    expect(() => new LockHistory({ now: 5 as unknown as () => number })).toThrow(TypeError);
  });
});
