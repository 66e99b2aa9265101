import { assertPortFree, findFreePort } from './free-port.js';
import { makeNodeDir, sweepDeadOwnersDirs } from './node-dir.js';
import { RedisServer } from './redis-server.js';
import type { ResolvedServerOptions } from './server-options.js';

const START_ATTEMPTS = 5;

/**
 * Starts one {@link RedisServer} of `bin` on a free loopback port (or `options.port`) with a
 * private directory, and resolves once it answers PING.
 * @internal
 */
export async function startProcessServer(
  resolved: ResolvedServerOptions,
  bin: string,
): Promise<RedisServer> {
  if (resolved.port !== undefined) await assertPortFree(resolved.port);
  // Runs beside the start, which it must never delay nor fail.
  const sweep = sweepDeadOwnersDirs();
  try {
    for (let attempt = 1; ; attempt++) {
      const port = resolved.port ?? (await findFreePort());
      const server = new RedisServer(resolved, bin, port, await makeNodeDir());
      try {
        await server.start();
        if (resolved.proxy) await server.attachProxy();
        return server;
      } catch (error) {
        await server[Symbol.asyncDispose]();
        // Another process may have taken a port chosen free a moment earlier: then pick
        // another. Any other failure (a bad argument, say) would fail again.
        const portTaken = await assertPortFree(port).then(
          () => false,
          () => true,
        );
        if (resolved.port !== undefined || !portTaken || attempt >= START_ATTEMPTS) throw error;
      }
    }
  } finally {
    await sweep;
  }
}
