/**
 * Votes needed among `nodeCount` nodes: a strict majority, floor(N/2) + 1.
 *
 * @example
 * ```ts
 * quorum(5); // 3
 * quorum(4); // 3: four nodes tolerate no more failures than three
 * ```
 * @category Decisions
 */
export function quorum(nodeCount: number): number {
  return Math.floor(nodeCount / 2) + 1;
}

/**
 * How long a holder may still act, per the Redis distlock algorithm:
 * ttl − elapsed − (ttl × driftFactor + 2 ms). The 2 ms: Redis expires with 1 ms precision,
 * plus 1 ms minimum drift between the client's clock and the server's.
 *
 * @param ttlMs - The ttl the keys were set with.
 * @param elapsedMs - Monotonic time from sending the first command to the deciding reply.
 * @param driftFactor - Bound on the relative clock-rate difference between client and nodes.
 * @returns Validity in ms; a holder with validity ≤ 0 holds nothing safely.
 * @example
 * ```ts
 * validityMs(10_000, 150, 0.01); // 9_748: 10_000 − 150 − (100 + 2)
 * ```
 * @category Decisions
 */
export function validityMs(ttlMs: number, elapsedMs: number, driftFactor: number): number {
  return ttlMs - elapsedMs - (ttlMs * driftFactor + 2);
}
