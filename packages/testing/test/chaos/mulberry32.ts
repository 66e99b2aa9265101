export { seededRandom as mulberry32, pickDistinct } from '../../src/seeded-random.js';

/** An integer in [min, max], drawn with `random`. */
export function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
