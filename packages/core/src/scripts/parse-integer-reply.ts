import { ScriptReplyError } from '../errors.js';

/**
 * Parses a script's integer reply. node-redis gives numbers, ioredis numbers too, and some
 * clients strings; anything that is not a safe integer is a `ScriptReplyError`.
 * @example
 * ```ts
 * parseIntegerReply('release', '2'); // 2: some clients reply with strings
 * parseIntegerReply('release', 'OK'); // throws a ScriptReplyError
 * ```
 * @throws `ScriptReplyError` naming `script` and the reply, when it is not a safe integer.
 * @category Scripts and operations
 */
export function parseIntegerReply(script: string, reply: unknown): number {
  const value =
    typeof reply === 'number'
      ? reply
      : typeof reply === 'string' && /^-?\d+$/.test(reply)
        ? Number(reply)
        : typeof reply === 'bigint'
          ? Number(reply)
          : Number.NaN;
  if (!Number.isSafeInteger(value)) throw new ScriptReplyError(script, reply);
  return value;
}
