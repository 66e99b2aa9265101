import { assertTrueClock, CONTAINER_PORT } from './container-args.js';
import type { StartedNetwork } from './container-runtime.js';
import type { RedisContainer } from './container-server.js';
import { ignoreGone } from './docker-replies.js';
import { loadTestcontainers } from './load-testcontainers.js';
import type { ResolvedServerOptions } from './server-options.js';
import { startRedisContainer } from './start-redis-container.js';

/** The containers of a cluster, the network they share, and how each announces itself. @internal */
export interface ClusterContainers {
  readonly nodes: readonly RedisContainer[];
  readonly network: StartedNetwork;
  /** `node-<i>:6379`, in node order. */
  readonly announced: readonly string[];
}

/**
 * Starts `count` cluster-enabled containers on a bridge network of their own. Node `i` is
 * `node-<i>` there (a network alias), and announces that name to the cluster as its endpoint
 * (`cluster-announce-hostname`, preferred over its IP), so that what CLUSTER SLOTS and MOVED
 * name never changes, though a container restarted may get another IP: the harness's
 * address map turns `node-<i>:6379` into the node's published port. Needs Redis 7 or later.
 * @throws Rejects like `startRedisServer({ backend: 'container' })`, after removing the
 *   containers that did start and the network.
 * @internal
 */
export async function startClusterContainers(
  count: number,
  options: ResolvedServerOptions,
): Promise<ClusterContainers> {
  assertTrueClock(options);
  const tc = await loadTestcontainers();
  const network = await new tc.Network().start();
  const aliases = Array.from({ length: count }, (_, i) => `node-${i}`);
  const started = await Promise.allSettled(
    aliases.map((alias) =>
      startRedisContainer(
        {
          ...options,
          serverArgs: [
            '--cluster-announce-hostname',
            alias,
            '--cluster-preferred-endpoint-type',
            'hostname',
            ...options.serverArgs,
          ],
        },
        options.image,
        { network: network.getName(), alias },
      ),
    ),
  );
  const nodes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure !== undefined) {
    await Promise.all(nodes.map((node) => node[Symbol.asyncDispose]()));
    await removeNetwork(network);
    throw failure.reason;
  }
  return { nodes, network, announced: aliases.map((alias) => `${alias}:${CONTAINER_PORT}`) };
}

/** Removes a cluster's network, once its containers are gone. @internal */
export async function removeNetwork(network: StartedNetwork): Promise<void> {
  await network.stop().catch(ignoreGone);
}
