/**
 * A vitest fixture for downstream projects: `redisNodes` starts nodes for one test and stops
 * them after it, whatever happens.
 *
 * @example
 * ```ts
 * import { redisTest as test } from '@redquorum/testing/vitest';
 *
 * test('my job never runs twice', async ({ redisNodes }) => {
 *   const clients = await redisNodes.connect();
 *   // ...
 * });
 * ```
 *
 * @packageDocumentation
 */
import { test } from 'vitest';
import type { RedisNode } from './redis-node.js';
import { startRedisNodes, type RedisNodes, type RedisNodesOptions } from './redis-nodes.js';

/** The fixtures {@link redisTest} adds. */
export interface RedisFixtures {
  /**
   * How many nodes `redisNodes` starts. Override it for a `describe` block with
   * `test.override` (vitest 4.1 and later) or `test.scoped` (vitest 3.2 to 4.x); before 4.1,
   * `test.extend({ redisNodeCount })` does not reach `redisNodes`.
   */
  redisNodeCount: number;
  /** Options of the nodes (`proxy`, `persistence`, `perNode`, …). */
  redisNodeOptions: RedisNodesOptions;
  /** Nodes started for this test, disposed of after it. */
  redisNodes: RedisNodes<RedisNode>;
}

/**
 * vitest's `test`, with {@link RedisFixtures}: 3 nodes by default.
 *
 * @example
 * ```ts
 * redisTest('a lock survives one node down', async ({ redisNodes }) => {
 *   const redlock = new Redlock(await redisNodes.connect());
 *   await redisNodes.at(0).kill();
 *   await redlock.using('orders:42', async () => undefined); // 2 of 3 nodes: a quorum
 * });
 * ```
 */
export const redisTest = test.extend<RedisFixtures>({
  redisNodeCount: 3,
  redisNodeOptions: {},
  redisNodes: async ({ redisNodeCount, redisNodeOptions }, use) => {
    const nodes = await startRedisNodes(redisNodeCount, redisNodeOptions);
    try {
      await use(nodes);
    } finally {
      await nodes[Symbol.asyncDispose]();
    }
  },
});
