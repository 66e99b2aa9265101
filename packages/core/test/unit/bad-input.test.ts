// Programmer mistakes throw TypeError/RangeError synchronously, naming the parameter, before
// any Redis call.
import { describe, expect, it, vi } from 'vitest';
import { exponentialBackoff, fixedDelay, Locker, Semaphore } from '../../src/index.js';
import type { AcquireOptions, Lock, LockManagerOptions } from '../../src/index.js';

function fakeClient(extra: object = {}) {
  return {
    evalSha: vi.fn(async (..._args: unknown[]) => 1),
    eval: vi.fn(async (..._args: unknown[]) => 1),
    ...extra,
  };
}

interface Subject {
  readonly client: ReturnType<typeof fakeClient>;
  readonly locker: Locker;
  readonly lock: Lock;
}

/** Lets a case pass what the types forbid, as JavaScript callers can. */
const bad = (value: unknown): never => value as never;
const opts = (value: unknown): LockManagerOptions => bad(value);
const work = async (): Promise<void> => undefined;

const cases: [string, (s: Subject) => unknown, typeof TypeError | typeof RangeError, RegExp][] = [
  // new Locker(client)
  ['a client without evalSha/eval', () => new Locker(bad({ get: 1 })), TypeError, /client/],
  ['a null client', () => new Locker(bad(null)), TypeError, /client/],
  // new Locker(client, options)
  ['options not an object', (s) => new Locker(s.client, opts('fast')), TypeError, /options/],
  ['options an array', (s) => new Locker(s.client, opts([])), TypeError, /options/],
  ['options null', (s) => new Locker(s.client, opts(null)), TypeError, /options/],
  ['ttlMs 0', (s) => new Locker(s.client, { ttlMs: 0 }), RangeError, /ttlMs/],
  ['ttlMs -1', (s) => new Locker(s.client, { ttlMs: -1 }), RangeError, /ttlMs/],
  ['ttlMs NaN', (s) => new Locker(s.client, { ttlMs: NaN }), RangeError, /ttlMs/],
  ['ttlMs Infinity', (s) => new Locker(s.client, { ttlMs: Infinity }), RangeError, /ttlMs/],
  ['ttlMs 1.5', (s) => new Locker(s.client, { ttlMs: 1.5 }), RangeError, /ttlMs/],
  ['ttlMs 2**31', (s) => new Locker(s.client, { ttlMs: 2 ** 31 }), RangeError, /ttlMs/],
  ['ttlMs a string', (s) => new Locker(s.client, opts({ ttlMs: '100' })), TypeError, /ttlMs/],
  ['ttlMs null', (s) => new Locker(s.client, opts({ ttlMs: null })), TypeError, /ttlMs/],
  [
    'nodeTimeoutMs above ttl/4',
    (s) => new Locker(s.client, { ttlMs: 1_000, nodeTimeoutMs: 251 }),
    RangeError,
    /nodeTimeoutMs/,
  ],
  [
    'nodeTimeoutMs 0',
    (s) => new Locker(s.client, { nodeTimeoutMs: 0 }),
    RangeError,
    /nodeTimeoutMs/,
  ],
  [
    'keyPrefix a number',
    (s) => new Locker(s.client, opts({ keyPrefix: 7 })),
    TypeError,
    /keyPrefix/,
  ],
  ['retry not a function', (s) => new Locker(s.client, opts({ retry: 100 })), TypeError, /retry/],
  [
    'acquireTimeoutMs -1',
    (s) => new Locker(s.client, { acquireTimeoutMs: -1 }),
    RangeError,
    /acquireTimeoutMs/,
  ],
  ['maxHoldMs 0', (s) => new Locker(s.client, { maxHoldMs: 0 }), RangeError, /maxHoldMs/],
  [
    'autoExtend "yes"',
    (s) => new Locker(s.client, opts({ autoExtend: 'yes' })),
    TypeError,
    /autoExtend/,
  ],
  ['fencing 1', (s) => new Locker(s.client, opts({ fencing: 1 })), TypeError, /fencing/],
  ['coalesce null', (s) => new Locker(s.client, opts({ coalesce: null })), TypeError, /coalesce/],
  // acquire / tryAcquire / using
  ['acquire("")', (s) => s.locker.acquire(''), TypeError, /resource/],
  ['acquire(42)', (s) => s.locker.acquire(bad(42)), TypeError, /resource/],
  ['acquire([])', (s) => s.locker.acquire([]), TypeError, /resources/],
  ['acquire(["a", "a"])', (s) => s.locker.acquire(['a', 'a']), TypeError, /resources.*duplicates/],
  ['acquire([1])', (s) => s.locker.acquire(bad([1])), TypeError, /resource/],
  ['acquire(["a", ""])', (s) => s.locker.acquire(['a', '']), TypeError, /resource/],
  ['acquire options not an object', (s) => s.locker.acquire('a', bad(5)), TypeError, /options/],
  ['per-call ttlMs 0', (s) => s.locker.acquire('a', { ttlMs: 0 }), RangeError, /ttlMs/],
  ['per-call ttlMs 1.5', (s) => s.locker.acquire('a', { ttlMs: 1.5 }), RangeError, /ttlMs/],
  [
    'per-call ttlMs below 4 × nodeTimeoutMs',
    (s) => s.locker.acquire('a', { ttlMs: 799 }),
    RangeError,
    /ttlMs must be at least 800 ms \(4 × nodeTimeoutMs 200 ms\), got 799: acquiring may take/,
  ],
  [
    'extend ttlMs below 4 × nodeTimeoutMs',
    (s) => s.lock.extend(799),
    RangeError,
    /ttlMs must be at least 800 ms .*give the manager a smaller nodeTimeoutMs/,
  ],
  [
    'per-call ttlMs a string',
    (s) => s.locker.acquire('a', bad({ ttlMs: '1' })),
    TypeError,
    /ttlMs/,
  ],
  [
    'signal not an AbortSignal',
    (s) => s.locker.acquire('a', bad({ signal: {} })),
    TypeError,
    /signal/,
  ],
  [
    'per-call retry not a function',
    (s) => s.locker.acquire('a', bad({ retry: 'x' })),
    TypeError,
    /retry/,
  ],
  [
    'per-call acquireTimeoutMs NaN',
    (s) => s.locker.acquire('a', { acquireTimeoutMs: NaN }),
    RangeError,
    /acquireTimeoutMs/,
  ],
  [
    'per-call autoExtend 1',
    (s) => s.locker.acquire('a', bad({ autoExtend: 1 })),
    TypeError,
    /autoExtend/,
  ],
  ['tryAcquire("")', (s) => s.locker.tryAcquire(''), TypeError, /resource/],
  [
    'tryAcquire maxHoldMs -5',
    (s) => s.locker.tryAcquire('a', { maxHoldMs: -5 }),
    RangeError,
    /maxHoldMs/,
  ],
  ['using without a function', (s) => s.locker.using('a', bad(undefined)), TypeError, /work/],
  ['using with a string for work', (s) => s.locker.using('a', bad('go')), TypeError, /work/],
  ['using("")', (s) => s.locker.using('', work), TypeError, /resource/],
  ['using bad ttlMs', (s) => s.locker.using('a', work, { ttlMs: -1 }), RangeError, /ttlMs/],
  // a semaphore's calls, the same way
  ['Semaphore limit 0', (s) => new Semaphore(s.client, { limit: 0 }), RangeError, /limit/],
  [
    'semaphore.using without a function',
    (s) => new Semaphore(s.client, { limit: 2 }).using('a', bad(undefined)),
    TypeError,
    /work/,
  ],
  [
    'semaphore.using("")',
    (s) => new Semaphore(s.client, { limit: 2 }).using('', work),
    TypeError,
    /resource/,
  ],
  [
    'semaphore permits above the limit',
    (s) => new Semaphore(s.client, { limit: 2 }).using('a', work, { permits: 3 }),
    RangeError,
    /permits/,
  ],
  // lock.extend
  ['lock.extend(0)', (s) => s.lock.extend(0), RangeError, /ttlMs/],
  ['lock.extend(1.5)', (s) => s.lock.extend(1.5), RangeError, /ttlMs/],
  ['lock.extend(2**31)', (s) => s.lock.extend(2 ** 31), RangeError, /ttlMs/],
  ['lock.extend("1000")', (s) => s.lock.extend(bad('1000')), TypeError, /ttlMs/],
  // a cluster needs every key in one slot
  [
    'resources in different cluster slots',
    () => new Locker(fakeClient({ getSlotMaster: () => undefined })).acquire(['a', 'b']),
    RangeError,
    /hash slot/,
  ],
  // retry strategy factories
  ['fixedDelay(-1)', () => fixedDelay(-1), RangeError, /delayMs/],
  ['fixedDelay(1.5)', () => fixedDelay(1.5), RangeError, /delayMs/],
  ['fixedDelay maxAttempts 0', () => fixedDelay(10, { maxAttempts: 0 }), RangeError, /maxAttempts/],
  [
    'exponentialBackoff factor 0.5',
    () => exponentialBackoff({ factor: 0.5 }),
    RangeError,
    /factor/,
  ],
  [
    'exponentialBackoff factor NaN',
    () => exponentialBackoff({ factor: NaN }),
    RangeError,
    /factor/,
  ],
  [
    'exponentialBackoff maxMs < initialMs',
    () => exponentialBackoff({ initialMs: 100, maxMs: 50 }),
    RangeError,
    /maxMs/,
  ],
  [
    'exponentialBackoff initialMs -1',
    () => exponentialBackoff({ initialMs: -1 }),
    RangeError,
    /initialMs/,
  ],
  [
    'exponentialBackoff jitter not a function',
    () => exponentialBackoff({ jitter: bad('full') }),
    TypeError,
    /jitter/,
  ],
  [
    'exponentialBackoff maxAttempts 0',
    () => exponentialBackoff({ maxAttempts: 0 }),
    RangeError,
    /maxAttempts/,
  ],
];

/** A value each manager option refuses: the type makes a new option need one. */
const refusedByManager = {
  ttlMs: 0,
  retry: 100,
  acquireTimeoutMs: -1,
  autoExtend: 'yes',
  maxHoldMs: 0,
  fencing: 1,
  coalesce: null,
  keyPrefix: 7,
  nodeTimeoutMs: 0,
} satisfies Record<keyof LockManagerOptions, unknown>;

/** A value each per-call option refuses. */
const refusedPerCall = {
  ttlMs: 1.5,
  retry: 'x',
  acquireTimeoutMs: NaN,
  signal: {},
  autoExtend: 1,
  maxHoldMs: -5,
} satisfies Record<keyof AcquireOptions, unknown>;

describe('bad input', () => {
  it.each(Object.entries(refusedByManager))(
    'new Locker refuses a bad %s, naming it',
    (name, value) => {
      const client = fakeClient();
      expect(() => new Locker(client, opts({ [name]: value }))).toThrow(
        new RegExp(`^options\\.${name} `),
      );
    },
  );

  it.each(Object.entries(refusedPerCall))(
    'acquire() refuses a bad per-call %s, naming it',
    (name, value) => {
      const client = fakeClient();
      const locker = new Locker(client);
      expect(() => locker.acquire('a', bad({ [name]: value }))).toThrow(
        new RegExp(`^options\\.${name} `),
      );
      expect(client.evalSha).not.toHaveBeenCalled();
    },
  );

  it.each(cases)(
    '%s: throws synchronously, naming the parameter',
    async (_name, run, errorClass, names) => {
      const client = fakeClient();
      const locker = new Locker(client);
      const lock = await locker.acquire('held');
      client.evalSha.mockClear();
      client.eval.mockClear();

      let thrown: unknown;
      let returned: unknown;
      try {
        returned = run({ client, locker, lock });
      } catch (error) {
        thrown = error;
      }
      if (returned instanceof Promise) await returned.catch(() => undefined);
      expect(returned, 'returned instead of throwing').toBeUndefined();
      expect(thrown).toBeInstanceOf(errorClass);
      expect((thrown as Error).constructor).toBe(errorClass);
      expect((thrown as Error).message).toMatch(names);
      expect(client.evalSha).not.toHaveBeenCalled();
      expect(client.eval).not.toHaveBeenCalled();
      await lock.release();
    },
  );
});
