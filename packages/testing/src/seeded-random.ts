/**
 * mulberry32: a small seeded PRNG, uniform in [0, 1), so that a fault schedule can be replayed
 * from its seed.
 *
 * @example
 * ```ts
 * const seed = Number(process.env['SEED'] ?? Date.now()); // log it to replay a failure
 * const random = seededRandom(seed);
 * await nodes.at(Math.floor(random() * nodes.size)).kill();
 * ```
 * @category Helpers
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` distinct integers from [0, size), drawn with `random`, ascending.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * nodes.partition(pickDistinct(random, nodes.size, 2)); // two distinct nodes, the same each run
 * ```
 * @category Helpers
 */
export function pickDistinct(random: () => number, size: number, count: number): number[] {
  const pool = Array.from({ length: size }, (_, index) => index);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count).sort((a, b) => a - b);
}
