import fc from 'fast-check';

/** The seed CI replays every run; `FC_SEED` replays another (a failure message names its seed). */
export const FIXED_SEED = 20_261_128;

/**
 * Runs a property twice: with the fixed seed, then with `FC_SEED` or a fresh random seed, so
 * CI both repeats what passed before and searches further. fast-check's failure message names
 * the seed and the shrunk counterexample to replay with `FC_SEED=<seed>`.
 */
export async function checkTwice<T>(
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  numRuns: number,
): Promise<void> {
  const envSeed = process.env['FC_SEED'];
  const seeds = [
    FIXED_SEED,
    envSeed === undefined ? (Date.now() ^ (Math.random() * 2 ** 31)) | 0 : Number(envSeed),
  ];
  for (const seed of seeds) {
    await fc.assert(fc.asyncProperty(arbitrary, predicate), { seed, numRuns, endOnFailure: false });
  }
}
