/**
 * Largest timer delay Node accepts; also the longest ttl (about 24.8 days).
 *
 * @example
 * ```ts
 * const ttlMs = Math.min(jobTimeoutMs, MAX_TTL_MS);
 * const locker = new Locker(client, { ttlMs });
 * ```
 */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Checks a numeric option once, at the boundary, so that the engine never sees a bad one.
 * @returns `value`, typed.
 * @example
 * ```ts
 * const ttlMs = checkInteger('options.ttlMs', options.ttlMs, 10, MAX_TTL_MS);
 * checkInteger('count', 1.5, 1, 10); // throws a RangeError naming count
 * ```
 * @throws TypeError naming `name` for a non-number; RangeError for a non-integer or a value
 *   outside [min, max].
 */
export function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be a number, got ${typeof value}`);
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
  return value;
}

/**
 * Like {@link checkInteger} with `MAX_TTL_MS` as the maximum, but `Infinity` is also accepted
 * (meaning "no bound").
 * @example
 * ```ts
 * checkBound('options.maxHoldMs', Infinity, 1); // Infinity: no bound
 * checkBound('options.maxHoldMs', 0, 1); // throws a RangeError
 * ```
 * @throws TypeError or RangeError naming `name`, as {@link checkInteger}.
 */
export function checkBound(name: string, value: unknown, min: number): number {
  if (value === Number.POSITIVE_INFINITY) return value;
  return checkInteger(name, value, min, MAX_TIMER_MS);
}

/**
 * Checks a flag: a truthy string such as `'false'` must not silently turn a feature on.
 * @example
 * ```ts
 * checkBoolean('options.fencing', true); // true
 * checkBoolean('options.fencing', 'false'); // throws a TypeError
 * ```
 * @throws TypeError naming `name` unless `value` is a boolean.
 */
export function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new TypeError(`${name} must be a boolean, got ${typeof value}`);
  }
  return value;
}

/** Throws a TypeError naming `name` unless `value` is a function. */
export function checkFunction<T>(name: string, value: T): T {
  if (typeof value !== 'function') {
    throw new TypeError(`${name} must be a function, got ${typeof value}`);
  }
  return value;
}

/** Throws a TypeError naming `name` unless `value` is an AbortSignal. */
export function checkSignal(name: string, value: unknown): AbortSignal {
  if (!(value instanceof AbortSignal)) {
    throw new TypeError(`${name} must be an AbortSignal`);
  }
  return value;
}

/** Throws a TypeError naming `name` unless `value` is a plain options object. */
export function checkOptionsObject(name: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object`);
  }
}

/**
 * Normalises `resource | resources` to a non-empty array of distinct, non-empty strings.
 * @example
 * ```ts
 * checkResources('orders:42'); // ['orders:42']
 * checkResources(['a', 'a']); // throws a TypeError: duplicates
 * ```
 * @throws TypeError naming `resources`.
 */
export function checkResources(value: unknown): readonly string[] {
  if (typeof value === 'string') {
    // The hot path: one resource, no duplicates to look for.
    if (value.length === 0) throw new TypeError('resource must not be an empty string');
    return [value];
  }
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new TypeError('resources must not be empty');
  for (const resource of list) {
    if (typeof resource !== 'string') {
      throw new TypeError(`resource must be a string, got ${typeof resource}`);
    }
    if (resource.length === 0) throw new TypeError('resource must not be an empty string');
  }
  if (list.length > 1 && new Set(list).size !== list.length) {
    throw new TypeError('resources must not contain duplicates');
  }
  return list as string[];
}
