/**
 * The Redlock algorithm over N independent Redis nodes, on the lock engine of
 * `@redquorum/core`.
 *
 * @packageDocumentation
 */
export { Redlock } from './redlock.js';
export type { RedlockOptions, ResolvedRedlockOptions } from './redlock-options.js';
export { resolveRedlockOptions } from './redlock-options.js';
export type { RestartGuardMode } from './restart-guard.js';
export { RestartGuard } from './restart-guard.js';
export type { SameServer } from './restart-guard.js';
export { SameServerError } from './same-server-error.js';
export { tokenDigest } from './inspect.js';
export type { NodeHolding } from './inspect.js';
export { gatherQuorum } from './gather-quorum.js';
export type { Gathered, TallyOptions } from './quorum-tally.js';
export type { NodeResult } from './node-result.js';
export {
  Lock,
  LockError,
  LockAcquireError,
  LockNotHeldError,
  LockReleaseError,
  LockLostError,
  noRetry,
  fixedDelay,
  exponentialBackoff,
} from '@redquorum/core';
export type { LockManager, AcquireOptions, NodeOutcome } from '@redquorum/core';
export { RedlockSemaphore } from './redlock-semaphore.js';
export type { RedlockSemaphoreOptions } from './redlock-semaphore.js';
