import { describe, expect, it } from 'vitest';
import { checkSameSlot, fenceKey, hashSlot, hashTag } from '../../src/backend.js';

describe('hashSlot', () => {
  it('matches slots Redis Cluster reports', () => {
    // CLUSTER KEYSLOT values from a real server.
    expect(hashSlot('foo')).toBe(12182);
    expect(hashSlot('bar')).toBe(5061);
    expect(hashSlot('hello')).toBe(866);
  });

  it('is CRC16/XMODEM mod 16384 (check value 0x31C3 for "123456789")', () => {
    expect(hashSlot('123456789')).toBe(0x31c3 % 16384);
    expect(hashSlot('123456789')).toBe(12739);
  });

  it('hashes only the tag when the key has one', () => {
    expect(hashSlot('{user1000}.following')).toBe(hashSlot('{user1000}.followers'));
    expect(hashSlot('{user1000}.following')).toBe(hashSlot('user1000'));
    expect(hashSlot('foo{bar}{zap}')).toBe(hashSlot('bar'));
  });

  it('hashes the whole key when the first {} is empty', () => {
    expect(hashSlot('foo{}{bar}')).not.toBe(hashSlot('bar'));
    expect(hashSlot('{}')).not.toBe(hashSlot(''));
  });

  it('hashes the tag of a non-ASCII key like the bare tag', () => {
    expect(hashSlot('{é}x')).toBe(hashSlot('é'));
  });

  it('is always in 0..16383', () => {
    for (const key of ['', 'a', 'lock:orders:42', '{x}', 'z'.repeat(1000)]) {
      const slot = hashSlot(key);
      expect(Number.isInteger(slot) && slot >= 0 && slot < 16384).toBe(true);
    }
  });
});

describe('hashTag', () => {
  it.each([
    ['{user1000}.following', 'user1000'],
    ['foo{bar}{zap}', 'bar'],
    ['foo{{bar}}zap', '{bar'],
    ['a{b}', 'b'],
  ])('finds the tag of %j: %j', (key, tag) => {
    expect(hashTag(key)).toBe(tag);
  });

  it.each([
    ['no braces', 'plain'],
    ['an empty tag', '{}'],
    ['an empty first tag', 'foo{}{bar}'],
    ['no closing brace', '{user1000'],
    ['a closing brace before the opening one', 'a}b{c'],
    ['only a closing brace', 'a}b'],
  ])('has none with %s', (_case, key) => {
    expect(hashTag(key)).toBeUndefined();
  });
});

describe('fenceKey', () => {
  it('wraps an untagged key in braces so the counter shares its slot', () => {
    expect(fenceKey('lock:orders:42')).toBe('{lock:orders:42}:fence');
    expect(hashSlot(fenceKey('lock:orders:42'))).toBe(hashSlot('lock:orders:42'));
  });

  it('marks a tagged key’s counter with a first character outside the prefix, keeping the tag', () => {
    expect(fenceKey('lock:{orders}:42')).toBe('~lock:{orders}:42:fence');
    expect(hashSlot(fenceKey('lock:{orders}:42'))).toBe(hashSlot('lock:{orders}:42'));
  });

  it('does not wrap a key holding } (it cannot be made a tag)', () => {
    expect(fenceKey('lock:a}b')).toBe('~lock:a}b:fence');
    expect(fenceKey('lock:{}')).toBe('~lock:{}:fence');
  });

  it('differs from the lock key', () => {
    for (const key of ['a', '{a}', 'lock:x', 'a}b']) expect(fenceKey(key)).not.toBe(key);
  });
});

describe('checkSameSlot', () => {
  it('accepts no key, one key, and keys sharing a slot', () => {
    expect(() => checkSameSlot([], hashSlot)).not.toThrow();
    expect(() => checkSameSlot(['a'], hashSlot)).not.toThrow();
    expect(() => checkSameSlot(['{orders}:1', '{orders}:2', 'x{orders}'], hashSlot)).not.toThrow();
  });

  it('throws a RangeError naming the keys and suggesting a hash tag', () => {
    expect(hashSlot('a')).not.toBe(hashSlot('b'));
    expect(() => checkSameSlot(['a', 'b'], hashSlot)).toThrow(RangeError);
    expect(() => checkSameSlot(['a', 'b'], hashSlot)).toThrow(/"a".*"b".*hash tag/s);
  });

  it('asks the given slot function, once per key at most', () => {
    const asked: string[] = [];
    const slotOf = (key: string): number => {
      asked.push(key);
      return key === 'c' ? 2 : 1;
    };
    expect(() => checkSameSlot(['a', 'b', 'c'], slotOf)).toThrow(/"c"/);
    expect(asked).toEqual(['a', 'a', 'b', 'c']);
  });
});
