import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `check` every 10 ms until it returns true without throwing, or fails once `timeoutMs`
 * has passed: a condition waited for with a deadline, never a fixed sleep. A throw counts as
 * "not yet"; the last one becomes the timeout error's cause.
 *
 * @example
 * ```ts
 * await nodes.at(0).restart();
 * await waitFor(async () => (await client.ping()) === 'PONG', 5_000, 'client reconnected');
 * ```
 * @throws Error naming `what` when the deadline passes first.
 * @category Helpers
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
