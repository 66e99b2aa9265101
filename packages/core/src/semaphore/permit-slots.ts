/**
 * The lock resource behind permit slot `index` of semaphore `resource`. Distinct for every
 * (resource, index) pair: the index, a decimal integer, holds no `:`, so the last `:` splits
 * the name back. In a Redis Cluster every slot of one semaphore must share a hash slot: give
 * the semaphore a hash tag (`{jobs}`), which every slot name then carries.
 *
 * @example
 * ```ts
 * permitSlot('jobs', 3); // 'jobs:3'
 * ```
 * @category Semaphores
 */
export function permitSlot(resource: string, index: number): string {
  return `${resource}:${index}`;
}

/**
 * The slot sets one round of an acquisition tries, each `permits` slots of `limit`: the windows
 * of a random rotation, so that contenders spread over the slots instead of all racing for
 * slot 0, and none is favoured from round to round.
 *
 * @example
 * ```ts
 * candidateSlots(4, 1, Math.random); // e.g. [[2], [0], [3], [1]]
 * candidateSlots(4, 4, Math.random); // [[…all four…]]: one set
 * ```
 * @category Semaphores
 */
export function candidateSlots(limit: number, permits: number, random: () => number): number[][] {
  const order = Array.from({ length: limit }, (_, index) => index);
  for (let index = limit - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  const sets: number[][] = [];
  const windows = permits === limit ? 1 : limit;
  for (let start = 0; start < windows; start++) {
    sets.push(Array.from({ length: permits }, (_, offset) => order[(start + offset) % limit]!));
  }
  return sets;
}
