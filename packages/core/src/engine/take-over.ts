import { publish } from './events.js';
import type { Handoff } from './handoff.js';
import type { Ticket } from './local-queue.js';
import { Lock } from './lock.js';
import type { LockContext } from './lock-lease.js';
import { sameKeys } from './queue-identity.js';
import type { CallOptions } from '../resolve-options.js';

/** A lock the previous local holder handed over, and the acquisition that waited for it. */
export interface TakeOver {
  readonly context: LockContext;
  readonly call: CallOptions;
  readonly resources: readonly string[];
  /** The waiter's keys: a lock on any other keys must never pass. */
  readonly keys: readonly string[];
  readonly ticket: Ticket;
  readonly handoff: Handoff;
  /** Monotonic start of the acquisition, and the waits it took. */
  readonly start: number;
  readonly attempts: number;
}

/**
 * Takes a lock the previous local holder handed over: still held in Redis with its token,
 * valid until the same instant, no command sent. Should validity have run out meanwhile (a
 * stalled event loop), or the keys differ from the caller's (the queue refuses that already;
 * a lock on other keys must never pass), the keys are released and the caller acquires as
 * usual: `undefined`.
 */
export function takeOver(taking: TakeOver): Lock | undefined {
  const { context, handoff, resources, attempts } = taking;
  const now = context.clock.now();
  const validity = handoff.validUntilMono - now;
  if (validity <= 0 || !sameKeys(handoff.held.keys, taking.keys)) {
    void context.backend.release(handoff.held);
    return undefined;
  }
  const durationMs = now - taking.start;
  publish('acquire', () => ({ resources, ok: true, durationMs, attempts, handedOver: true }));
  return new Lock(context, taking.call, {
    held: handoff.held,
    resources,
    fence: undefined,
    grantedAt: now,
    validityMs: validity,
    ticket: taking.ticket,
    chainStartedAt: handoff.chainStartedAt,
    attempts,
  });
}
