import type { HeldKeys, LockBackend } from '../backend/lock-backend.js';
import { publish } from './events.js';

/**
 * Deletes a lost lock's keys where they still hold its token. Nodes that still hold them
 * would keep them for up to a ttl (a failed extension may even have renewed them), and the
 * next waiter would wait for nothing. Best effort: sent at once, before the next local waiter
 * goes to Redis, never awaited nor thrown; a backend that throws is reported on
 * `redquorum:release`.
 */
export function releaseLost(
  backend: LockBackend,
  keys: HeldKeys,
  resources: readonly string[],
): void {
  void new Promise((resolve) => resolve(backend.release(keys, true))).catch((error: unknown) =>
    publish('release', () => ({ resources, ok: false, durationMs: 0, error })),
  );
}
