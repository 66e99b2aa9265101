// What a user's editor infers from @redquorum/redlock: Redlock is Locker's surface over N nodes,
// so swapping one for the other is a one-line change. Checked by `pnpm typecheck`.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Locker, RedisClient } from '@redquorum/core';
import type { RedisClusterType as ClusterV4, RedisClientType as ClientV4 } from 'redis';
import type { RedisClientType as ClientV5, RedisClusterType as ClusterV5 } from 'redis5';
import type { RedisClientType as ClientV6, RedisClusterType as ClusterV6 } from 'redis6';
import type { Cluster as IoCluster5, Redis as Ioredis5 } from 'ioredis';
import type { Cluster as IoCluster6, Redis as Ioredis6 } from 'ioredis6';
import type { Cluster as ValkeyCluster, Redis as Valkey } from 'iovalkey';
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
      readonly RedisClient[]
    >();
    expectTypeOf<Redlock['nodeCount']>().toEqualTypeOf<number>();
    expectTypeOf<Redlock['inspect']>().returns.toEqualTypeOf<Promise<NodeHolding[]>>();
    expect(typeof Redlock).toBe('function');
  });

  it('takes the clients of every supported library as users hold them, with no cast', () => {
    expectTypeOf<ClientV4>().toMatchTypeOf<RedisClient>();
    expectTypeOf<ClusterV4>().toMatchTypeOf<RedisClient>();
    expectTypeOf<ClientV5>().toMatchTypeOf<RedisClient>();
    expectTypeOf<ClusterV5>().toMatchTypeOf<RedisClient>();
    expectTypeOf<ClientV6>().toMatchTypeOf<RedisClient>();
    expectTypeOf<ClusterV6>().toMatchTypeOf<RedisClient>();
    expectTypeOf<Ioredis5>().toMatchTypeOf<RedisClient>();
    expectTypeOf<IoCluster5>().toMatchTypeOf<RedisClient>();
    expectTypeOf<Ioredis6>().toMatchTypeOf<RedisClient>();
    expectTypeOf<IoCluster6>().toMatchTypeOf<RedisClient>();
    expectTypeOf<Valkey>().toMatchTypeOf<RedisClient>();
    expectTypeOf<ValkeyCluster>().toMatchTypeOf<RedisClient>();
    // @ts-expect-error: an object without script commands is no client
    const notClient: RedisClient = { get: () => Promise.resolve(null) };
    expect(notClient).toBeDefined();
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
