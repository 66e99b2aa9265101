/**
 * What applications use: `Locker` (one Redis node or one Redis Cluster), the `Lock` it hands
 * out, options, retry strategies, errors and diagnostics events. `Redlock`, over N nodes, is
 * in `@redquorum/redlock` and has the same surface. Backend authors: see
 * `@redquorum/core/backend`.
 *
 * @packageDocumentation
 */
export { Locker } from './locker.js';
export { Lock } from './engine/lock.js';
export type { LockManager, LockedWork } from './engine/lock-manager.js';
export type { AcquireOptions, LockManagerOptions } from './options.js';
export type { ReleaseOutcome } from './backend/lock-backend.js';
export {
  LockError,
  LockAcquireError,
  LockNotHeldError,
  LockLostError,
  LockReleaseError,
  ScriptReplyError,
} from './errors.js';
export type { LockLostReason, LockAcquireErrorOptions } from './errors.js';
export type { NodeOutcome, AcquireFailureReason } from './outcomes.js';
export { noRetry } from './retry/no-retry.js';
export { fixedDelay } from './retry/fixed-delay.js';
export type { FixedDelayOptions } from './retry/fixed-delay.js';
export { exponentialBackoff } from './retry/exponential-backoff.js';
export type { ExponentialBackoffOptions } from './retry/exponential-backoff.js';
export { noJitter, fullJitter, equalJitter, withJitter } from './retry/jitter.js';
export type { RetryStrategy, RetryContext, Jitter } from './retry/retry-strategy.js';
export { tokenDigest } from './operations/inspect/inspect-nodes.js';
export type { NodeHolding } from './operations/inspect/inspect-nodes.js';
export { lockChannels } from './engine/events.js';
export type { LockEvent } from './engine/events.js';
export type { Clock } from './engine/clock.js';
export type { RedisScriptClient, ScriptCallOptions } from './client/script-client.js';
export type { RedisClient, IoredisLikeClient } from './client/redis-client.js';
export { MAX_TIMER_MS as MAX_TTL_MS } from './validate.js';
export { MAX_RESOURCES, MAX_KEY_BYTES } from './validate.js';
export { Semaphore } from './semaphore/semaphore.js';
export type { SemaphoreOptions } from './semaphore/semaphore.js';
export type { PermitOptions } from './semaphore/permit-options.js';
