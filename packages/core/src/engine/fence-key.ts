import { hashTag } from '../client/hash-slot.js';

/**
 * The fence counter's key for a lock key made with `keyPrefix`. It must be a key no resource
 * name can reach: every key that starts with the prefix is some resource's lock key (the
 * counter of `'x}'` was once the lock key of `'x}:fence'`). So it never starts with the
 * prefix, which must not be empty with fencing. It must also land in the lock key's cluster
 * slot: a key without a hash tag is wrapped in braces (the whole key becomes the tag), unless
 * it holds `}` or the prefix starts with `{`; otherwise, and for a key with a tag, a first
 * character the prefix does not start with is prepended, which keeps the tag. (A key holding
 * `}` without a tag so lands in another slot: cluster users give such resources a hash tag.)
 * The counter outlives the lock on purpose.
 *
 * @example
 * ```ts
 * fenceKey('lock:orders:42', 'lock:'); // '{lock:orders:42}:fence'
 * fenceKey('lock:{orders}:42', 'lock:'); // '~lock:{orders}:42:fence'
 * ```
 * @category Engine
 */
export function fenceKey(lockKey: string, keyPrefix = 'lock:'): string {
  if (hashTag(lockKey) === undefined && !lockKey.includes('}') && !keyPrefix.startsWith('{')) {
    return `{${lockKey}}:fence`;
  }
  return `${keyPrefix.startsWith('~') ? '!' : '~'}${lockKey}:fence`;
}
