import { assertTrueClock } from './container-args.js';
import type { ContainerPlacement } from './container-handle.js';
import { RedisContainer } from './container-server.js';
import { assertPortFree, findFreePort } from './free-port.js';
import { loadTestcontainers } from './load-testcontainers.js';
import type { ResolvedServerOptions } from './server-options.js';

/**
 * Starts one container node (see {@link RedisContainer}) on a free loopback port (or
 * `options.port`), resolving once the server logged that it is ready and answers PING; in
 * `placement`'s network when given (a cluster's).
 * @internal
 */
export async function startRedisContainer(
  options: ResolvedServerOptions,
  image: string,
  placement?: ContainerPlacement,
): Promise<RedisContainer> {
  assertTrueClock(options);
  const tc = await loadTestcontainers();
  if (options.port !== undefined) await assertPortFree(options.port);
  const port = options.port ?? (await findFreePort());
  const node = new RedisContainer(tc, options, image, port, placement);
  try {
    await node.start();
    if (options.proxy) await node.attachProxy();
    return node;
  } catch (error) {
    await node[Symbol.asyncDispose]().catch(() => undefined);
    throw error;
  }
}
