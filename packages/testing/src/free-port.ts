import { createServer } from 'node:net';

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * Asks the kernel for a free loopback port. `redis-server --port 0` exits instead of picking
 * one, so the harness picks first and retries when another process wins the race.
 */
export function findFreePort(): Promise<number> {
  return listenOnce(0);
}

/** Rejects with a RangeError when `port` cannot be bound on 127.0.0.1. */
export async function assertPortFree(port: number): Promise<void> {
  try {
    await listenOnce(port);
  } catch (error) {
    throw new RangeError(`port ${port} is not free on 127.0.0.1`, { cause: error });
  }
}
