import { describe, expect, it } from 'vitest';
import { LockError, ScriptReplyError } from '../../src/index.js';
import { parseIntegerReply } from '../../src/backend.js';

describe('parseIntegerReply', () => {
  it.each([
    ['a number', 1, 1],
    ['zero', 0, 0],
    ['a negative number', -1, -1],
    ['the largest safe integer', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    ['a numeric string', '42', 42],
    ['a negative numeric string', '-7', -7],
    ['"0"', '0', 0],
    ['a bigint', 5n, 5],
    ['a negative bigint', -3n, -3],
  ])('parses %s', (_case, reply, value) => {
    expect(parseIntegerReply('acquire', reply)).toBe(value);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a status reply', 'OK'],
    ['a fraction', 1.5],
    ['a fractional string', '1.5'],
    ['an empty string', ''],
    ['a padded string', ' 1'],
    ['a hex string', '0x10'],
    ['NaN', Number.NaN],
    ['Infinity', Infinity],
    ['an unsafe integer', 2 ** 53],
    ['an unsafe bigint', 2n ** 60n],
    ['an array', [1]],
    ['an object', { value: 1 }],
    ['a boolean', true],
  ])('rejects %s with a ScriptReplyError', (_case, reply) => {
    let error: unknown;
    try {
      parseIntegerReply('extend', reply);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScriptReplyError);
    expect(error).toBeInstanceOf(LockError);
    const replyError = error as ScriptReplyError;
    expect(replyError.script).toBe('extend');
    expect(replyError.reply).toBe(reply);
    expect(replyError.code).toBe('ERR_LOCK_SCRIPT_REPLY');
    expect(replyError.message).toMatch(/^script extend replied .*; expected an integer$/);
  });
});
