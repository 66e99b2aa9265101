/**
 * Largest timer delay Node accepts; also the longest ttl (about 24.8 days).
 *
 * @example
 * ```ts
 * const ttlMs = Math.min(jobTimeoutMs, MAX_TTL_MS);
 * const locker = new Locker(client, { ttlMs });
 * ```
 * @category Options
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
 * @category Checks and options
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
 * Like {@link checkInteger} with the timer limit (`MAX_TTL_MS`) as the maximum, but `Infinity`
 * is also accepted (meaning "no bound").
 * @example
 * ```ts
 * checkBound('options.maxHoldMs', Infinity, 1); // Infinity: no bound
 * checkBound('options.maxHoldMs', 0, 1); // throws a RangeError
 * ```
 * @throws TypeError or RangeError naming `name`, as {@link checkInteger}.
 * @category Checks and options
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
 * @category Checks and options
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
 * Most resources one lock may hold. Every operation on a lock is one script call per node,
 * bounded by `nodeTimeoutMs`, so a lock must stay small enough to be taken well inside that
 * bound. Measured on one local node (redis 7, 20-byte keys): 1,000 resources take 4 ms to
 * acquire (8 ms with fencing), 5,000 take 14 ms (36 ms), 10,000 take 30 ms (80 ms) and 50,000
 * take 215 ms, more than the default `nodeTimeoutMs` of 200 ms (ttl 10 s); with five nodes
 * on the same two cores, 1,000 take 13–24 ms (33–47 ms with fencing) and 5,000 with fencing
 * already 180–235 ms. Past about 124,000 keys, node-redis cannot even build the command.
 *
 * @example
 * ```ts
 * for (let start = 0; start < rows.length; start += MAX_RESOURCES) {
 *   await locker.using(rows.slice(start, start + MAX_RESOURCES), (signal) => work(signal));
 * }
 * ```
 * @category Options
 */
export const MAX_RESOURCES = 1_000;

/**
 * Largest total size of one lock's keys (`keyPrefix` + resource, each), in bytes of UTF-8:
 * 1,000 keys of 256 bytes each, which take 34–49 ms to acquire with fencing on five nodes
 * sharing two cores (1,000 keys of 1,000 bytes took 75–91 ms there). With fencing, every key
 * is sent twice (lock key and fence counter), so a lock within this bound sends at most about
 * twice as much.
 *
 * @example
 * ```ts
 * const bytes = resources.reduce((sum, r) => sum + Buffer.byteLength('lock:' + r), 0);
 * if (bytes > MAX_KEY_BYTES) throw new Error('split the lock'); // else acquire() throws
 * ```
 * @category Options
 */
export const MAX_KEY_BYTES = 262_144;

/**
 * Normalises `resource | resources` to a non-empty array of distinct, non-empty strings, at
 * most {@link MAX_RESOURCES} of them.
 * @example
 * ```ts
 * checkResources('orders:42'); // ['orders:42']
 * checkResources(['a', 'a']); // throws a TypeError: duplicates
 * ```
 * @throws TypeError naming `resource` (an empty or non-string one) or `resources` (none, or
 *   duplicates); RangeError naming `resources` and the bound when there are more than
 *   {@link MAX_RESOURCES}.
 * @category Checks and options
 */
export function checkResources(value: unknown): readonly string[] {
  if (typeof value === 'string') {
    // The hot path: one resource, no duplicates to look for.
    if (value.length === 0) throw new TypeError('resource must not be an empty string');
    return [value];
  }
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new TypeError('resources must not be empty');
  if (list.length > MAX_RESOURCES) {
    throw new RangeError(
      `resources must hold at most ${MAX_RESOURCES} resources (MAX_RESOURCES), got ${list.length}`,
    );
  }
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

/**
 * Checks that a lock's keys total at most {@link MAX_KEY_BYTES} bytes of UTF-8, the size
 * they have on the wire.
 * @example
 * ```ts
 * checkKeyBytes(['lock:orders:42']); // fine
 * checkKeyBytes(['lock:' + 'x'.repeat(300_000)]); // throws a RangeError naming resources
 * ```
 * @throws RangeError naming `resources` and the bound.
 */
export function checkKeyBytes(keys: readonly string[]): void {
  let units = 0;
  for (const key of keys) units += key.length;
  // A UTF-16 code unit is 1 to 3 bytes of UTF-8: nearly every lock is decided without encoding.
  if (units * 3 <= MAX_KEY_BYTES) return;
  // Past the bound in code units already: at least as many bytes, no need to count them.
  let bytes: number | undefined;
  if (units <= MAX_KEY_BYTES) {
    bytes = 0;
    for (const key of keys) bytes += Buffer.byteLength(key, 'utf8');
    if (bytes <= MAX_KEY_BYTES) return;
  }
  throw new RangeError(
    `resources must make keys (keyPrefix included) of at most ${MAX_KEY_BYTES} bytes of UTF-8 in all (MAX_KEY_BYTES), got ${bytes ?? `at least ${units}`}`,
  );
}
