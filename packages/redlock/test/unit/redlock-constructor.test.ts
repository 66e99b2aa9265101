import { describe, expect, it } from 'vitest';
import { Redlock, type RedlockOptions } from '../../src/index.js';
import { fakeClient, fakeClients, type FakeClient } from '../helpers/fake-client.js';

/** A value of the wrong type, smuggled past the compiler as a user without types would. */
const bad = <T>(value: unknown): T => value as T;
type Run = (clients: FakeClient[]) => unknown;
const opts =
  (options: unknown): Run =>
  (clients) =>
    new Redlock(clients, bad<RedlockOptions>(options));
const redlock = (clients: FakeClient[]) => new Redlock(clients, { ttlMs: 1000 });

// [bad input, how it is given, the error class, the parameter its message must name]
const rows: [string, Run, typeof TypeError, RegExp][] = [
  ['clients not an array', (c) => new Redlock(bad(c[0])), TypeError, /clients/],
  ['no clients', () => new Redlock([]), RangeError, /clients/],
  ['a non-client', (c) => new Redlock([c[0]!, bad({ get: () => 1 })]), TypeError, /clients\[1\]/],
  ['null among clients', (c) => new Redlock([bad(null), c[0]!]), TypeError, /clients\[0\]/],
  ['the same client twice', (c) => new Redlock([c[0]!, c[1]!, c[0]!]), TypeError, /clients/],
  ['options null', opts(null), TypeError, /options/],
  ['options a string', opts('fast'), TypeError, /options/],
  ['options an array', opts([]), TypeError, /options/],
  ['driftFactor -0.01', opts({ driftFactor: -0.01 }), RangeError, /driftFactor/],
  ['driftFactor 0.2', opts({ driftFactor: 0.2 }), RangeError, /driftFactor/],
  ['driftFactor NaN', opts({ driftFactor: NaN }), RangeError, /driftFactor/],
  // A string is refused, though as a RangeError where other options give a TypeError.
  ["driftFactor '0.01'", opts({ driftFactor: '0.01' }), RangeError, /driftFactor/],
  ['ttlMs 0', opts({ ttlMs: 0 }), RangeError, /ttlMs/],
  ['ttlMs 1.5', opts({ ttlMs: 1.5 }), RangeError, /ttlMs/],
  ["ttlMs '1000'", opts({ ttlMs: '1000' }), TypeError, /ttlMs/],
  ['nodeTimeoutMs > ttl/4', opts({ ttlMs: 1000, nodeTimeoutMs: 251 }), RangeError, /nodeTimeoutMs/],
  ['nodeTimeoutMs 0', opts({ nodeTimeoutMs: 0 }), RangeError, /nodeTimeoutMs/],
  ["restartGuard 'maybe'", opts({ restartGuard: 'maybe' }), RangeError, /restartGuard/],
  ['maxTtlMs < ttlMs', opts({ ttlMs: 1000, maxTtlMs: 999 }), RangeError, /maxTtlMs/],
  ['restartCheckMs 0', opts({ restartCheckMs: 0 }), RangeError, /restartCheckMs/],
  ['keyPrefix 5', opts({ keyPrefix: 5 }), TypeError, /keyPrefix/],
  ["retry 'often'", opts({ retry: 'often' }), TypeError, /retry/],
  ["fencing 'yes'", opts({ fencing: 'yes' }), TypeError, /fencing/],
  ['acquireTimeoutMs -1', opts({ acquireTimeoutMs: -1 }), RangeError, /acquireTimeoutMs/],
  ["inspect('')", (c) => redlock(c).inspect(''), TypeError, /resource/],
  ["acquire('')", (c) => redlock(c).acquire(''), TypeError, /resource/],
  ["tryAcquire(['a', 'a'])", (c) => redlock(c).tryAcquire(['a', 'a']), TypeError, /resources/],
  [
    'acquire ttlMs < 4 node timeouts',
    (c) => redlock(c).acquire('r', { ttlMs: 100 }),
    RangeError,
    /ttlMs/,
  ],
  [
    'using() without work',
    (c) => redlock(c).using('r', bad<() => void>(undefined)),
    TypeError,
    /work/,
  ],
];

/** A value each option refuses: the type makes a new option need one. */
const refused = {
  ttlMs: 0,
  retry: 100,
  acquireTimeoutMs: -1,
  autoExtend: 'yes',
  maxHoldMs: 0,
  fencing: 1,
  coalesce: null,
  keyPrefix: 7,
  nodeTimeoutMs: 0,
  driftFactor: 0.2,
  restartGuard: 'maybe',
  maxTtlMs: 1,
  restartCheckMs: 0,
} satisfies Record<keyof RedlockOptions, unknown>;

describe('Redlock rejects bad input synchronously, before any Redis call', () => {
  it.each(rows)('%s', (_input, run, errorClass, names) => {
    const clients = fakeClients(3);
    let thrown: unknown;
    try {
      run(clients);
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBeInstanceOf(errorClass);
    expect((thrown as Error).message).toMatch(names);
    expect(clients.flatMap((client) => client.calls)).toEqual([]);
  });

  it.each(Object.entries(refused))('refuses a bad %s, naming it', (name, value) => {
    const clients = fakeClients(3);
    expect(() => new Redlock(clients, bad<RedlockOptions>({ [name]: value }))).toThrow(
      new RegExp(`^options\\.${name} `),
    );
    expect(clients.flatMap((client) => client.calls)).toEqual([]);
  });

  it('accepts distinct clients and good options without calling them', () => {
    const clients = [fakeClient(), fakeClient(), fakeClient()];
    const lock = new Redlock(clients, { ttlMs: 1000, driftFactor: 0.1, restartGuard: 'off' });
    expect(lock.nodeCount).toBe(3);
    expect(clients.flatMap((client) => client.calls)).toEqual([]);
  });
});
