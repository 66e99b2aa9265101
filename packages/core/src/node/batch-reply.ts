import type { Settled } from '../client/settle-within.js';
import { ScriptReplyError } from '../errors.js';

/**
 * A batch script's reply: one entry per item, its integer, or the message of the error that
 * failed that item alone (a key of another type, say).
 */
export type BatchReply = readonly (number | string)[];

function isBatchEntry(entry: unknown): entry is number | string {
  return Number.isSafeInteger(entry) || typeof entry === 'string';
}

/**
 * Reads a batch script's reply for `count` items.
 * @throws `ScriptReplyError` naming `script` when the reply is not one entry per item.
 */
export function parseBatchReply(script: string, raw: unknown, count: number): BatchReply {
  if (Array.isArray(raw) && raw.length === count && raw.every(isBatchEntry)) return raw;
  throw new ScriptReplyError(script, raw, `an array of ${count} integers or error messages`);
}

/**
 * One item's outcome: its integer, or its own error, settled for that item's caller alone as
 * a single-lock script's error would be.
 */
export function itemOutcome(script: string, entry: number | string): Settled<number> {
  return typeof entry === 'number'
    ? { kind: 'value', value: entry }
    : { kind: 'error', error: new ScriptReplyError(script, entry) };
}
