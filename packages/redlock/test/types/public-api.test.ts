// What a user's editor infers from @redquorum/redlock: Redlock is Locker's surface over N nodes,
// so swapping one for the other is a one-line change. Checked by `pnpm typecheck`.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Locker, RedisScriptClient } from '@redquorum/core';
import {
  Lock,
  LockAcquireError,
  Redlock,
  SameServerError,
  type LockManager,
  type NodeHolding,
  type RedlockOptions,
  type RestartGuardMode,
} from '../../src/index.js';

describe('the public API, as the compiler sees it', () => {
  it('Redlock has the LockManager surface of Locker', () => {
    expectTypeOf<Redlock>().toMatchTypeOf<LockManager>();
    expectTypeOf<Redlock['acquire']>().toEqualTypeOf<Locker['acquire']>();
    expectTypeOf<Redlock['tryAcquire']>().toEqualTypeOf<Locker['tryAcquire']>();
    expectTypeOf<Redlock['acquire']>().returns.toEqualTypeOf<Promise<Lock>>();
    const using = (redlock: Redlock) => redlock.using(['a', 'b'], async (signal) => signal.aborted);
    expectTypeOf(using).returns.toEqualTypeOf<Promise<boolean>>();
    expectTypeOf<ConstructorParameters<typeof Redlock>[0]>().toEqualTypeOf<
      readonly RedisScriptClient[]
    >();
    expectTypeOf<Redlock['nodeCount']>().toEqualTypeOf<number>();
    expectTypeOf<Redlock['inspect']>().returns.toEqualTypeOf<Promise<NodeHolding[]>>();
    expect(typeof Redlock).toBe('function');
  });

  it("options: the manager's, plus the quorum's own, all optional and read-only", () => {
    expectTypeOf<RedlockOptions['driftFactor']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<RedlockOptions['restartGuard']>().toEqualTypeOf<RestartGuardMode | undefined>();
    expectTypeOf<RestartGuardMode>().toEqualTypeOf<'off' | 'on' | 'strict'>();
    expectTypeOf<RedlockOptions['fencing']>().toEqualTypeOf<boolean | undefined>();
    // @ts-expect-error: a restart guard mode is one of three names
    const mode: RedlockOptions = { restartGuard: 'sometimes' };
    expect(mode).toBeDefined();
  });

  it("errors: SameServerError names the two nodes; the lock errors are core's", () => {
    expectTypeOf<SameServerError['nodes']>().toEqualTypeOf<readonly [number, number]>();
    expectTypeOf<SameServerError>().toMatchTypeOf<TypeError>();
    expectTypeOf<LockAcquireError['attempts']>().toEqualTypeOf<number>();
    expect(new SameServerError({ nodes: [0, 2], runId: 'r' }).code).toBe('ERR_REDLOCK_SAME_SERVER');
  });
});
