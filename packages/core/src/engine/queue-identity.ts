/**
 * The name of a key set's local queue: injective, so no two different key lists share a slot,
 * whatever characters resource names hold. One key is `1:` and the key; more are the count,
 * then each key's length and the key (`2:6:lock:a6:lock:b`). Joining with a separator is not
 * enough: a name may contain it (`'a\nlock:b'` against `['a', 'b']` once shared a slot).
 * Order counts: `['a', 'b']` and `['b', 'a']` queue apart, which costs coalescing, not safety.
 *
 * @example
 * ```ts
 * queueIdentity(['lock:a\nlock:b']); // '1:lock:a\nlock:b'
 * queueIdentity(['lock:a', 'lock:b']); // '2:6:lock:a6:lock:b'
 * ```
 */
export function queueIdentity(keys: readonly string[]): string {
  if (keys.length === 1) return `1:${keys[0]!}`;
  let identity = `${keys.length}:`;
  for (const key of keys) identity += `${key.length}:${key}`;
  return identity;
}

/** Whether two key lists are the same list: a handoff passes only a lock on the waiter's keys. */
export function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}
