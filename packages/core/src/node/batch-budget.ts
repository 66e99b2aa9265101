import { MAX_KEY_BYTES, MAX_RESOURCES } from '../validate.js';

/** Locks per script call: keeps one call's work on the server short. */
export const MAX_BATCH = 256;

/**
 * Keys per batched call, and their length in UTF-16 code units: no more than the largest lock
 * sends alone with fencing (twice `MAX_RESOURCES` keys, twice `MAX_KEY_BYTES`). Without it,
 * 256 large locks in one tick would make one call that no node answers within its timeout,
 * or that the client cannot even build (node-redis overflows its stack at about 124,000 keys).
 */
const MAX_BATCH_KEYS = 2 * MAX_RESOURCES;
const MAX_BATCH_KEY_UNITS = 2 * MAX_KEY_BYTES;

/** Whether a batch's keys are more than one call should carry. */
export function overBudget(keys: readonly string[]): boolean {
  if (keys.length > MAX_BATCH_KEYS) return true;
  let units = 0;
  for (const key of keys) units += key.length;
  return units > MAX_BATCH_KEY_UNITS;
}
