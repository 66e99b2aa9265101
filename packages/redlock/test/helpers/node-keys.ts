import type { RedisClientType } from 'redis';

/** The value of `key` on every node, in node order (null where absent). */
export function valuesOn(clients: readonly RedisClientType[], key: string): Promise<unknown[]> {
  return Promise.all(clients.map((client) => client.get(key)));
}

/** Writes `key` = `value` with a ttl on the nodes at `indexes`, behind the lock's back. */
export async function occupy(
  clients: readonly RedisClientType[],
  indexes: readonly number[],
  key: string,
  value: string,
  ttlMs = 10_000,
): Promise<void> {
  await Promise.all(indexes.map((index) => clients[index]!.set(key, value, { PX: ttlMs })));
}

/**
 * Waits until every node holds `key` = `value`. An acquire resolves on the first quorum of
 * replies; a slower node (one running the script by EVAL after NOSCRIPT, say) sets the key a
 * moment later, and a test that edits keys behind the lock's back waits for it first.
 */
export async function waitForEverywhere(
  clients: readonly RedisClientType[],
  key: string,
  value: string,
): Promise<void> {
  const deadline = performance.now() + 5_000;
  while (!(await valuesOn(clients, key)).every((held) => held === value)) {
    if (performance.now() > deadline) throw new Error(`${key} not ${value} on every node`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
