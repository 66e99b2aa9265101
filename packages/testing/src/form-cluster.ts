import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import type { NodeAddress } from './cluster-address-map.js';
import type { RedisNode } from './redis-node.js';

const SLOTS = 16_384;
const POLL_MS = 20;

/** What {@link formCluster} needs besides the nodes. @internal */
export interface FormClusterOptions {
  /** How many of the nodes (the first ones) are masters; the others are their replicas. */
  readonly masters: number;
  /** Where the other nodes reach node 0 to meet it (its cluster bus is this port + 10000). */
  readonly seed: NodeAddress;
  /** The address each node announces, as CLUSTER SLOTS gives it, in node order. */
  readonly announced: readonly string[];
  /** How long the cluster may take to form. */
  readonly timeoutMs: number;
}

/**
 * Makes a cluster of fresh cluster-enabled nodes: splits the slots evenly among the masters,
 * has every node meet node 0, attaches replica `i` to master `i mod masters`, and resolves once
 * every node reports `cluster_state:ok` and lists every node by its announced address in
 * CLUSTER SLOTS, so that a client may start its discovery at any of them.
 * @throws `Error` naming the step that did not finish within `timeoutMs`.
 * @internal
 */
export async function formCluster(
  nodes: readonly RedisNode[],
  options: FormClusterOptions,
): Promise<void> {
  const { masters, seed, timeoutMs } = options;
  const clients = await Promise.all(
    nodes.map((node) =>
      createClient({ url: node.serverUrl })
        .on('error', () => undefined)
        .connect(),
    ),
  );
  const each = <T>(command: string[]): Promise<T[]> =>
    Promise.all(clients.map((client) => client.sendCommand<T>(command)));
  const deadline = performance.now() + timeoutMs;
  const until = async (done: () => Promise<boolean>, what: string): Promise<void> => {
    while (!(await done())) {
      if (performance.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
      await sleep(POLL_MS);
    }
  };
  try {
    const ids = await each<string>(['CLUSTER', 'MYID']);
    await Promise.all(
      clients.slice(0, masters).map((client, i) => {
        const first = Math.floor((i * SLOTS) / masters);
        const last = Math.floor(((i + 1) * SLOTS) / masters) - 1;
        return client.sendCommand(['CLUSTER', 'ADDSLOTSRANGE', String(first), String(last)]);
      }),
    );
    const meet = ['CLUSTER', 'MEET', seed.host, String(seed.port)];
    await Promise.all(clients.slice(1).map((client) => client.sendCommand(meet)));
    const infos = (): Promise<string[]> => each<string>(['CLUSTER', 'INFO']);
    const known = `cluster_known_nodes:${clients.length}`;
    await until(
      async () => (await infos()).every((info) => info.includes(known)),
      'cluster nodes did not meet',
    );
    for (let i = masters; i < clients.length; i++) {
      await clients[i]!.sendCommand(['CLUSTER', 'REPLICATE', ids[(i - masters) % masters]!]);
    }
    await until(
      async () => (await infos()).every((info) => info.includes('cluster_state:ok')),
      'cluster did not reach cluster_state:ok',
    );
    const everyone = [...options.announced].sort().join(' ');
    await until(
      async () =>
        (await each<unknown>(['CLUSTER', 'SLOTS'])).every(
          (slots) => slotEndpoints(slots).join(' ') === everyone,
        ),
      'cluster nodes did not learn every address',
    );
  } finally {
    await Promise.all(clients.map((client) => client.disconnect().catch(() => undefined)));
  }
}

/** Every `host:port` a CLUSTER SLOTS reply names (masters and replicas), sorted, once each. */
function slotEndpoints(reply: unknown): string[] {
  const endpoints = new Set<string>();
  for (const range of Array.isArray(reply) ? reply : []) {
    if (!Array.isArray(range)) continue;
    for (const node of range.slice(2)) {
      if (Array.isArray(node)) endpoints.add(`${String(node[0])}:${String(node[1])}`);
    }
  }
  return [...endpoints].sort();
}
