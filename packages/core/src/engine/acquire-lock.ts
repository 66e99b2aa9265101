import { LockAcquireError } from '../errors.js';
import type { CallOptions } from '../resolve-options.js';
import { acquireLoop } from './acquire-loop.js';
import { lockChannels, publish } from './events.js';
import type { LocalQueue, Ticket } from './local-queue.js';
import { Lock } from './lock.js';
import type { LockContext } from './lock-lease.js';
import { queueIdentity } from './queue-identity.js';
import type { SignalListeners } from './signal-listeners.js';
import { takeOver } from './take-over.js';
import { newToken } from './token.js';
import { waitLocally } from './wait-locally.js';

/** What acquisitions share within one manager. */
export interface EngineParts {
  /** The backend, the clock and the one timer heap of every held lock. */
  readonly context: LockContext;
  /** Acquisitions of the same keys in this process, in line (`coalesce`). */
  readonly queue: LocalQueue;
  /** One `abort` listener per signal, however many acquisitions wait on it. */
  readonly listeners: SignalListeners;
}

/** A lock's keys and, with fencing, their counters. */
export interface LockKeys {
  readonly keys: string[];
  readonly fenceKeys: string[] | undefined;
}

/** One acquisition, its arguments checked. */
export interface Acquisition {
  readonly resources: readonly string[];
  readonly keys: LockKeys;
  readonly call: CallOptions;
}

/**
 * One acquisition, start to end: in line behind a holder in this process first (with
 * `coalesce`), which may hand the lock over; otherwise the retry loop against Redis. Reports
 * on `redquorum:acquire` either way.
 * @throws Rejects with a {@link LockAcquireError}, `signal.reason`, or the client's own error.
 */
export async function acquireLock(engine: EngineParts, acquisition: Acquisition): Promise<Lock> {
  const { context, queue, listeners } = engine;
  const { resources, keys, call } = acquisition;
  call.signal?.throwIfAborted();
  const start = context.clock.now();
  let ticket: Ticket | undefined;
  let attemptsBefore = 0;
  try {
    if (call.coalesce) {
      // The head of an empty queue has its turn at once: no promise, no turn of the loop.
      const waiter = queue.enter(queueIdentity(keys.keys), call.ttlMs, keys.keys);
      if (!waiter.turn) {
        attemptsBefore = await waitLocally({
          waiter,
          backend: context.backend,
          call,
          clock: context.clock,
          start,
          listeners,
          resources,
        });
      }
      ticket = waiter;
      const handoff = waiter.handoff;
      if (handoff !== undefined) {
        const lock = takeOver({
          context,
          call,
          resources,
          keys: keys.keys,
          ticket: waiter,
          handoff,
          start,
          attempts: attemptsBefore,
        });
        if (lock !== undefined) return lock;
      }
    }
    const grant = await acquireLoop({
      backend: context.backend,
      clock: context.clock,
      call,
      request: {
        keys: keys.keys,
        fenceKeys: keys.fenceKeys,
        token: newToken(),
        ttlMs: call.ttlMs,
      },
      start,
      attemptsBefore,
      listeners,
      resources,
    });
    if (lockChannels.acquire.hasSubscribers) {
      publish('acquire', () => ({
        resources,
        ok: true,
        durationMs: context.clock.now() - start,
        attempts: grant.attempts,
      }));
    }
    return new Lock(context, call, {
      held: grant.held,
      resources,
      fence: grant.fence,
      grantedAt: grant.grantedAt,
      validityMs: grant.validityMs,
      ticket,
      chainStartedAt: grant.grantedAt,
      attempts: grant.attempts,
    });
  } catch (error) {
    ticket?.leave();
    publish('acquire', () => ({
      resources,
      ok: false,
      durationMs: context.clock.now() - start,
      attempts: error instanceof LockAcquireError ? error.attempts : undefined,
      error,
    }));
    throw error;
  }
}
