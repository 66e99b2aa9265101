import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `check` until it returns true without throwing, or fails once `timeoutMs` has passed.
 * A throw counts as "not yet"; the last one becomes the timeout error's cause.
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what = 'condition',
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() >= deadline) {
      throw new Error(`${what} not met within ${timeoutMs} ms`, { cause: lastError });
    }
    await sleep(10);
  }
}
