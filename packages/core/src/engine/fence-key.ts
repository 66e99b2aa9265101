import { hashTag } from '../client/hash-slot.js';

/**
 * The fence counter's key for a lock key. It must land in the lock key's cluster slot: a key
 * with a hash tag keeps it by appending; a key without one is wrapped in braces, which makes
 * the whole key the tag. (A key holding `}` without a tag cannot be wrapped; cluster users
 * give such resources a hash tag.) The counter outlives the lock on purpose.
 *
 * @example
 * ```ts
 * fenceKey('lock:orders:42'); // '{lock:orders:42}:fence'
 * fenceKey('lock:{orders}:42'); // 'lock:{orders}:42:fence'
 * ```
 */
export function fenceKey(lockKey: string): string {
  if (hashTag(lockKey) !== undefined || lockKey.includes('}')) return `${lockKey}:fence`;
  return `{${lockKey}}:fence`;
}
