import type { HeldKeys } from '../backend/lock-backend.js';
import type { Ticket } from './local-queue.js';

/** The state a lock starts in: acquired in Redis, or handed over by a local holder. @internal */
export interface LockGrant {
  readonly held: HeldKeys;
  readonly resources: readonly string[];
  readonly fence: bigint | undefined;
  /** Monotonic time of the deciding reply, and the validity computed then. */
  readonly grantedAt: number;
  readonly validityMs: number;
  /** Its place in the local queue, with coalescing. */
  readonly ticket: Ticket | undefined;
  /** Monotonic time of the acquisition in Redis (earlier than `grantedAt` when handed over). */
  readonly chainStartedAt: number;
  /** Attempts the acquisition took. */
  readonly attempts: number;
}
