/**
 * For backend authors (`@redquorum/redlock`, the semaphore, a backend of your own): the lock
 * engine and the backend contract it runs on, per-node script calls with deadlines and
 * batching, the Lua scripts, and the checks and arithmetic they share. Applications never
 * need this module: they use `Locker` from `@redquorum/core` or `Redlock`.
 *
 * @packageDocumentation
 */
// The engine and the contract a backend implements.
export { LockEngine } from './engine/lock-engine.js';
export { resolveOptions } from './resolve-options.js';
export type { ResolvedOptions } from './options.js';
export { systemClock } from './engine/clock.js';
export type {
  LockBackend,
  AcquireRequest,
  AcquireOutcome,
  ExtendOutcome,
  HeldKeys,
} from './backend/lock-backend.js';
export { SingleNodeBackend } from './backend/single-node-backend.js';
// The rules of a lock, and the arithmetic and checks backends share.
export { quorum, validityMs } from './decision/validity.js';
export {
  acquireVotes,
  acquireDecision,
  extendVotes,
  extendDecision,
  releaseDecision,
  countOutcomes,
} from './decision/quorum-decision.js';
export type { AcquireVotes, ExtendVotes } from './decision/quorum-decision.js';
export { fenceKey } from './engine/fence-key.js';
export { hashSlot, hashTag } from './client/hash-slot.js';
export { checkSameSlot } from './backend/check-same-slot.js';
export { checkResources, checkInteger, checkBound, checkBoolean } from './validate.js';
// The operations: each one's scripts, its call and what one node's reply comes to.
export { acquireCall, acquireBatch, oneNodeAcquired } from './operations/acquire/acquire.js';
export { acquireScript } from './operations/acquire/acquire-script.js';
export { acquireManyScript } from './operations/acquire/acquire-many-script.js';
export { acquireManySimpleScript } from './operations/acquire/acquire-many-simple-script.js';
export { extendCall, extendBatch } from './operations/extend/extend.js';
export type { ExtendItem } from './operations/extend/extend.js';
export { extendScript } from './operations/extend/extend-script.js';
export { extendManyScript } from './operations/extend/extend-many-script.js';
export { releaseCall, releaseBatch, oneNodeReleased } from './operations/release/release.js';
export { releaseScript } from './operations/release/release-script.js';
export { releaseManyScript } from './operations/release/release-many-script.js';
export { releaseManySimpleScript } from './operations/release/release-many-simple-script.js';
export { raiseFenceCall } from './operations/fence/raise-fence.js';
export { raiseFenceScript } from './operations/fence/raise-fence-script.js';
export { inspectNodes, inspectScript } from './operations/inspect/inspect-nodes.js';
export { failedOutcome } from './operations/failed-outcome.js';
export { CORE_SCRIPTS } from './operations/core-scripts.js';
// One node: its batched calls, their deadlines and its health.
export { NodeBatchers } from './node/node-batchers.js';
export type { NodeOptions } from './node/node-batchers.js';
export { ScriptBatcher } from './node/script-batcher.js';
export type { ScriptBatcherOptions } from './node/script-batcher.js';
export type { BatchKind, SimpleBatch, SettleNode } from './node/batch-kind.js';
export type { NodeLink } from './node/tracked-calls.js';
export { NodeHealth } from './node/node-health.js';
// One client: running scripts, routing them, bounding them in time.
export { isScriptClient, isClusterClient } from './client/script-client.js';
export { adaptClient, isIoredisLike } from './client/adapt-client.js';
export type { ClientAdapter, ConnectionEvent } from './client/client-adapter.js';
export { defineScript } from './scripts/define-script.js';
export type { LuaScript } from './scripts/define-script.js';
export { parseIntegerReply } from './scripts/parse-integer-reply.js';
export type { ScriptCall } from './client/script-call.js';
export { runScript, isNoScript } from './client/run-script.js';
export { routeScripts } from './client/route-scripts.js';
export { withScriptLoading } from './client/with-script-loading.js';
export { CallDeadlines } from './client/call-deadlines.js';
export type { CallDeadlinesOptions, TrackedCall } from './client/call-deadlines.js';
export { settleWithin } from './client/settle-within.js';
export type { Settled } from './client/settle-within.js';
export { ClientSideError } from './client/client-side-error.js';
// The semaphore.
export { PermitManager } from './semaphore/permit-manager.js';
export type { PermitDefaults } from './semaphore/permit-manager.js';
export { permitSlot, candidateSlots } from './semaphore/permit-slots.js';
