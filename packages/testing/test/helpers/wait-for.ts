import { setTimeout as sleep } from 'node:timers/promises';

export { waitFor } from '../../src/wait-for.js';

/** Settles with 'timeout' when `promise` has not settled within `ms`, else with its value. */
export async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  const controller = new AbortController();
  try {
    return await Promise.race([
      promise,
      sleep(ms, 'timeout' as const, { signal: controller.signal }),
    ]);
  } finally {
    controller.abort();
  }
}
