// What a user's editor infers from @redquorum/core: checked by `pnpm typecheck` (tsc over the
// tests); at run time these assertions do nothing, so each test also runs one plain check.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  exponentialBackoff,
  fixedDelay,
  fullJitter,
  Lock,
  LockAcquireError,
  LockError,
  Locker,
  LockLostError,
  LockNotHeldError,
  LockReleaseError,
  noRetry,
  ScriptReplyError,
  withJitter,
  type AcquireFailureReason,
  type AcquireOptions,
  type LockedWork,
  type LockManager,
  type LockManagerOptions,
  type NodeOutcome,
  type RedisClient,
  type ReleaseOutcome,
  type RetryContext,
  type RetryStrategy,
} from '../../src/index.js';

describe('the public API, as the compiler sees it', () => {
  it('Locker is a LockManager: acquire, tryAcquire and using infer their results', () => {
    expectTypeOf<Locker>().toMatchTypeOf<LockManager>();
    expectTypeOf<Locker['acquire']>().returns.toEqualTypeOf<Promise<Lock>>();
    expectTypeOf<Locker['tryAcquire']>().returns.toEqualTypeOf<Promise<Lock | undefined>>();
    expectTypeOf<Locker['acquire']>().parameter(0).toEqualTypeOf<string | readonly string[]>();
    const using = (locker: Locker) => locker.using('r', () => 42);
    expectTypeOf(using).returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf<LockedWork<string>>().parameters.toEqualTypeOf<[AbortSignal, Lock]>();
    expectTypeOf<ConstructorParameters<typeof Locker>[0]>().toEqualTypeOf<RedisClient>();
    expect(typeof Locker).toBe('function');
  });

  it('Lock: read-only identity, validity in epoch ms, a signal, the same handle back', () => {
    expectTypeOf<Lock['resources']>().toEqualTypeOf<readonly string[]>();
    expectTypeOf<Lock['token']>().toEqualTypeOf<string>();
    expectTypeOf<Lock['fence']>().toEqualTypeOf<bigint | undefined>();
    expectTypeOf<Lock['validUntil']>().toEqualTypeOf<number>();
    expectTypeOf<Lock['signal']>().toEqualTypeOf<AbortSignal>();
    expectTypeOf<Lock['extend']>().returns.toEqualTypeOf<Promise<Lock>>();
    expectTypeOf<Lock['release']>().returns.toEqualTypeOf<Promise<ReleaseOutcome>>();
    expectTypeOf<Lock>().toMatchTypeOf<AsyncDisposable>();
    // @ts-expect-error: the token is the holder's identity, never reassigned
    const reassign = (lock: Lock) => (lock.token = 'other');
    expect(typeof reassign).toBe('function');
  });

  it('options: every field optional and read-only; the manager has no per-call signal', () => {
    expectTypeOf<AcquireOptions['ttlMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<AcquireOptions['signal']>().toEqualTypeOf<AbortSignal | undefined>();
    expectTypeOf<AcquireOptions['retry']>().toEqualTypeOf<RetryStrategy | undefined>();
    expectTypeOf<LockManagerOptions['fencing']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<LockManagerOptions['keyPrefix']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<LockManagerOptions>().not.toHaveProperty('signal');
    expectTypeOf({}).toMatchTypeOf<LockManagerOptions>();
    // @ts-expect-error: options are read-only
    const mutate = (options: AcquireOptions) => (options.ttlMs = 5);
    // @ts-expect-error: tryAcquire makes one attempt, so it takes no retry strategy
    const tryWithRetry = (locker: Locker) => locker.tryAcquire('r', { retry: noRetry });
    expect([typeof mutate, typeof tryWithRetry]).toEqual(['function', 'function']);
  });

  it('retry strategies: a stateless function of the context, composed with jitter', () => {
    expectTypeOf(noRetry).toEqualTypeOf<RetryStrategy>();
    expectTypeOf(fixedDelay(100)).toEqualTypeOf<RetryStrategy>();
    expectTypeOf(exponentialBackoff({ maxMs: 500 })).toEqualTypeOf<RetryStrategy>();
    expectTypeOf(withJitter(fixedDelay(100), fullJitter)).toEqualTypeOf<RetryStrategy>();
    expectTypeOf<RetryStrategy>().parameters.toEqualTypeOf<[RetryContext]>();
    expectTypeOf<RetryStrategy>().returns.toEqualTypeOf<number | false>();
    expectTypeOf<RetryContext['reason']>().toEqualTypeOf<AcquireFailureReason>();
    expect(noRetry({ attempt: 1, elapsedMs: 0, reason: 'taken', random: Math.random })).toBe(false);
  });

  it('errors: one family, each with its fields, narrowed by instanceof', () => {
    expectTypeOf<LockAcquireError>().toMatchTypeOf<LockError>();
    expectTypeOf<LockNotHeldError>().toMatchTypeOf<LockError>();
    expectTypeOf<LockLostError>().toMatchTypeOf<LockError>();
    expectTypeOf<LockReleaseError>().toMatchTypeOf<LockError>();
    expectTypeOf<ScriptReplyError>().toMatchTypeOf<LockError>();
    expectTypeOf<LockError['code']>().toEqualTypeOf<string>();
    expectTypeOf<LockAcquireError['reason']>().toEqualTypeOf<AcquireFailureReason>();
    expectTypeOf<LockAcquireError['nodes']>().toEqualTypeOf<readonly NodeOutcome[]>();
    expectTypeOf<LockAcquireError['resources']>().toEqualTypeOf<readonly string[]>();
    expectTypeOf<LockLostError['reason']>().toEqualTypeOf<
      'extend-failed' | 'expired' | 'max-hold'
    >();
    expectTypeOf<NodeOutcome['outcome']>().toEqualTypeOf<
      'ok' | 'taken' | 'not-held' | 'error' | 'timeout' | 'pending' | 'excluded'
    >();
    const reasonOf = (error: unknown) =>
      error instanceof LockAcquireError ? error.reason : 'other';
    expectTypeOf(reasonOf).returns.toEqualTypeOf<AcquireFailureReason | 'other'>();
    expect(new LockAcquireError('taken', 1, []).code).toBe('ERR_LOCK_ACQUIRE');
  });
});
