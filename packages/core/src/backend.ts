/**
 * For backend authors (`@redquorum/redlock`, the semaphore, a backend of your own): the lock
 * engine and the backend contract it runs on, per-node script calls with deadlines and
 * batching, the Lua scripts, and the checks and arithmetic they share. Applications never
 * need this module: they use `Locker` from `@redquorum/core` or `Redlock`.
 *
 * @packageDocumentation
 */
export { LockEngine } from './engine/lock-engine.js';
export { resolveOptions } from './options.js';
export type { ResolvedOptions } from './options.js';
export { systemClock } from './engine/clock.js';
export { quorum, validityMs } from './engine/validity.js';
export { isScriptClient, isClusterClient } from './client/script-client.js';
export { hashSlot, hashTag } from './client/hash-slot.js';
export { fenceKey } from './engine/fence-key.js';
export type {
  LockBackend,
  AcquireRequest,
  AcquireOutcome,
  ExtendOutcome,
  HeldKeys,
} from './backend/lock-backend.js';
export { SingleNodeBackend } from './backend/single-node-backend.js';
export { oneNodeAcquired, oneNodeReleased } from './backend/one-node-outcomes.js';
export { ScriptBatcher } from './backend/script-batcher.js';
export type { BatchKind, SimpleBatch, SettleCall } from './backend/script-batcher.js';
export { NodeBatchers } from './backend/node-batchers.js';
export { NodeHealth } from './backend/node-health.js';
export type { ExtendItem } from './backend/node-batchers.js';
export { inspectNodes, inspectScript } from './backend/inspect-nodes.js';
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
export { runScript, isNoScript } from './client/run-script.js';
export { routeScripts } from './client/route-scripts.js';
export { withScriptLoading } from './client/with-script-loading.js';
export { CORE_SCRIPTS } from './scripts/core-scripts.js';
export { settleWithin } from './client/settle-within.js';
export { CallDeadlines } from './client/call-deadlines.js';
export type { Settled } from './client/settle-within.js';
export { ClientSideError } from './client/client-side-error.js';
export { defineScript } from './scripts/define-script.js';
export type { LuaScript } from './scripts/define-script.js';
export { acquireScript } from './scripts/acquire-script.js';
export { extendScript } from './scripts/extend-script.js';
export { releaseScript } from './scripts/release-script.js';
export { raiseFenceScript } from './scripts/raise-fence-script.js';
export { parseIntegerReply } from './scripts/parse-integer-reply.js';
export { checkResources, checkInteger, checkBound, checkBoolean } from './validate.js';
export { PermitManager } from './semaphore/permit-manager.js';
export type { PermitDefaults } from './semaphore/permit-manager.js';
export { permitSlot, candidateSlots } from './semaphore/permit-slots.js';
