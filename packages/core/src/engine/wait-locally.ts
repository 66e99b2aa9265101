import type { LockBackend } from '../backend/lock-backend.js';
import { LockAcquireError } from '../errors.js';
import type { CallOptions } from '../resolve-options.js';
import type { Clock } from './clock.js';
import { publish } from './events.js';
import type { Waiter } from './local-queue.js';
import { nextDelay } from './next-delay.js';
import type { SignalListeners } from './signal-listeners.js';

/** What {@link waitLocally} needs. */
export interface LocalWait {
  readonly waiter: Waiter;
  /** Releases a lock handed over to a waiter whose signal aborted meanwhile. */
  readonly backend: LockBackend;
  readonly call: CallOptions;
  readonly clock: Clock;
  /** Monotonic start of the acquisition. */
  readonly start: number;
  readonly listeners: SignalListeners;
  /** The resources, for the attempt events. */
  readonly resources: readonly string[];
}

/**
 * Waits behind a holder in this process. Each wait is an attempt that found the resource
 * taken: the retry strategy decides whether and how long to wait (`noRetry` rejects at once),
 * the last wait is cut to the deadline, and the waiter keeps its place throughout, so it is
 * woken as soon as the holder leaves or hands the lock over.
 * @returns How many attempts found the resource taken before this waiter's turn.
 * @throws Rejects with a {@link LockAcquireError} saying the holder is in this process, or
 *   with `signal.reason` (also when the signal aborted as the turn came: a lock handed over
 *   then is released); the waiter has left the queue either way.
 */
export async function waitLocally(input: LocalWait): Promise<number> {
  const attempts = await waitTurns(input);
  const { waiter, call, backend } = input;
  if (call.signal?.aborted) {
    if (waiter.handoff !== undefined) void backend.release(waiter.handoff.held);
    waiter.leave();
    call.signal.throwIfAborted();
  }
  return attempts;
}

/** The waits themselves, each an attempt that found the resource taken. */
async function waitTurns(input: LocalWait): Promise<number> {
  const { waiter, call, clock, start, listeners, resources } = input;
  const deadline = start + call.acquireTimeoutMs;
  for (let attempt = 1; ; attempt++) {
    if (waiter.turn) return attempt - 1;
    const now = clock.now();
    publish('attempt', () => ({
      resources,
      ok: false,
      durationMs: 0,
      attempts: attempt,
      nodes: [],
    }));
    const context = {
      attempt,
      elapsedMs: now - start,
      reason: 'taken' as const,
      random: Math.random,
    };
    let delay: number | false | 'deadline';
    try {
      delay = nextDelay(call.retry, context, deadline - now);
    } catch (error) {
      waiter.leave();
      throw error;
    }
    if (delay === false || delay === 'deadline') {
      waiter.leave();
      const timedOut = delay === 'deadline';
      throw new LockAcquireError('taken', attempt, [], { resources, heldLocally: true, timedOut });
    }
    if (await waiter.waitTurn(delay, call.signal, listeners)) return attempt;
  }
}
