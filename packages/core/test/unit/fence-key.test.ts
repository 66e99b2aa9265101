// Found by the lock-program property (packages/redlock/test/integration/lock-programs.test.ts,
// seed 61539691): the fence counter of resource 'x}' was the lock key of resource 'x}:fence',
// so a fenced lock on both failed, and a counter could overwrite another lock's key.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenceKey } from '../../src/backend.js';
import { hashSlot, hashTag } from '../../src/client/hash-slot.js';
import { resolveOptions } from '../../src/resolve-options.js';

const prefixes = fc.oneof(
  fc.constantFrom('lock:', '{app}:lock:', '{', '~', '!', '{x', 'x}', '~{a}'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 5 }),
);
const names = fc.oneof(
  fc.constantFrom('x}', 'x}:fence', '{x}', '{x}:fence', ':fence', '}', '{', ''),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

describe('fenceKey', () => {
  it('the regression: x} and x}:fence get a counter each, apart from every lock key', () => {
    const a = fenceKey('lock:x}', 'lock:');
    expect(a).not.toBe('lock:x}:fence');
    expect(a.startsWith('lock:')).toBe(false);
  });

  it('is never a lock key of the same prefix, and never another resource’s counter', () => {
    fc.assert(
      fc.property(
        prefixes,
        fc.uniqueArray(names, { minLength: 2, maxLength: 6 }),
        (prefix, list) => {
          const counters = list.map((name) => fenceKey(prefix + name, prefix));
          for (const counter of counters) expect(counter.startsWith(prefix)).toBe(false);
          expect(new Set(counters).size).toBe(list.length);
        },
      ),
      { seed: 20_261_128, numRuns: 2_000 },
    );
  });

  it('lands in the lock key’s cluster slot whenever the key has a tag or no }', () => {
    fc.assert(
      fc.property(prefixes, names, (prefix, name) => {
        const key = prefix + name;
        if (hashTag(key) === undefined && (key.includes('}') || prefix.startsWith('{'))) return;
        expect(hashSlot(fenceKey(key, prefix))).toBe(hashSlot(key));
      }),
      { seed: 20_261_128, numRuns: 2_000 },
    );
  });

  it('fencing refuses an empty prefix, where every key is some resource’s lock key', () => {
    expect(() => resolveOptions({ fencing: true, keyPrefix: '' }, 0.01)).toThrow(RangeError);
    expect(() => resolveOptions({ fencing: false, keyPrefix: '' }, 0.01)).not.toThrow();
  });
});
