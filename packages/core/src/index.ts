/**
 * The single-node Redis lock, the lock engine shared with `@redquorum/redlock`, retry
 * strategies and errors.
 *
 * @packageDocumentation
 */
export { Locker } from './locker.js';
export { Lock } from './engine/lock.js';
export { LockEngine } from './engine/lock-engine.js';
export type { LockedWork } from './engine/lock-engine.js';
export type { LockManager } from './engine/lock-manager.js';
export type { AcquireOptions, LockManagerOptions, ResolvedOptions } from './options.js';
export { resolveOptions } from './options.js';
export {
  LockError,
  LockAcquireError,
  LockNotHeldError,
  LockLostError,
  LockReleaseError,
  ScriptReplyError,
} from './errors.js';
export type {
  NodeOutcome,
  AcquireFailureReason,
  LockLostReason,
  LockAcquireErrorOptions,
} from './errors.js';
export { noRetry } from './retry/no-retry.js';
export { fixedDelay } from './retry/fixed-delay.js';
export type { FixedDelayOptions } from './retry/fixed-delay.js';
export { exponentialBackoff } from './retry/exponential-backoff.js';
export type { ExponentialBackoffOptions } from './retry/exponential-backoff.js';
export { noJitter, fullJitter, equalJitter, withJitter } from './retry/jitter.js';
export type { RetryStrategy, RetryContext, Jitter } from './retry/retry-strategy.js';
export { tokenDigest, inspectNodes, inspectScript } from './backend/inspect-nodes.js';
export type { NodeHolding } from './backend/inspect-nodes.js';
export { lockChannels } from './engine/events.js';
export type { LockEvent } from './engine/events.js';
export type { Clock } from './engine/clock.js';
export { systemClock } from './engine/clock.js';
export { quorum, validityMs } from './engine/validity.js';
export type { RedisScriptClient, ScriptCallOptions } from './client/script-client.js';
export { isScriptClient, isClusterClient } from './client/script-client.js';
export { hashSlot, hashTag } from './client/hash-slot.js';
export { fenceKey } from './engine/fence-key.js';
// For backend authors (`@redquorum/redlock`): the backend contract and per-node calls.
export type {
  LockBackend,
  AcquireRequest,
  AcquireOutcome,
  ExtendOutcome,
  ReleaseOutcome,
  HeldKeys,
} from './backend/lock-backend.js';
export { SingleNodeBackend } from './backend/single-node-backend.js';
export { oneNodeAcquired, oneNodeReleased } from './backend/one-node-outcomes.js';
export { ScriptBatcher } from './backend/script-batcher.js';
export type { BatchKind, SimpleBatch, SettleCall } from './backend/script-batcher.js';
export { NodeBatchers } from './backend/node-batchers.js';
export { NodeHealth } from './backend/node-health.js';
export type { ExtendItem } from './backend/node-batchers.js';
export { extendManyScript } from './scripts/extend-many-script.js';
export { acquireManyScript } from './scripts/acquire-many-script.js';
export { acquireManySimpleScript } from './scripts/acquire-many-simple-script.js';
export { releaseManyScript } from './scripts/release-many-script.js';
export { releaseManySimpleScript } from './scripts/release-many-simple-script.js';
export { checkSameSlot } from './backend/check-same-slot.js';
export {
  acquireCall,
  extendCall,
  releaseCall,
  callNode,
  failedOutcome,
} from './backend/node-call.js';
export type { ScriptCall } from './backend/node-call.js';
export { runScript } from './client/run-script.js';
export { routeScripts } from './client/route-scripts.js';
export { withScriptLoading } from './client/with-script-loading.js';
export { CORE_SCRIPTS } from './scripts/core-scripts.js';
export { isNoScript } from './client/run-script.js';
export { settleWithin } from './client/settle-within.js';
export { CallDeadlines } from './client/call-deadlines.js';
export type { Settled } from './client/settle-within.js';
export { defineScript } from './scripts/define-script.js';
export type { LuaScript } from './scripts/define-script.js';
export { acquireScript } from './scripts/acquire-script.js';
export { extendScript } from './scripts/extend-script.js';
export { releaseScript } from './scripts/release-script.js';
export { raiseFenceScript } from './scripts/raise-fence-script.js';
export { parseIntegerReply } from './scripts/parse-integer-reply.js';
export { checkResources, checkInteger, checkBound, checkBoolean } from './validate.js';
export { MAX_TIMER_MS as MAX_TTL_MS } from './validate.js';
export { MAX_RESOURCES, MAX_KEY_BYTES } from './validate.js';
export { ClientSideError } from './client/client-side-error.js';
