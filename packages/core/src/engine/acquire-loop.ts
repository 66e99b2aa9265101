import type {
  AcquireOutcome,
  AcquireRequest,
  HeldKeys,
  LockBackend,
} from '../backend/lock-backend.js';
import { LockAcquireError, type AcquireFailureReason, type NodeOutcome } from '../errors.js';
import type { CallOptions } from '../options.js';
import { abortableSleep } from './abortable-sleep.js';
import type { Clock } from './clock.js';
import { validityMs } from './validity.js';

/** What the retry loop needs. */
export interface AcquireLoopInput {
  readonly backend: LockBackend;
  readonly clock: Clock;
  readonly options: CallOptions;
  readonly request: AcquireRequest;
  /** Monotonic start of the acquisition (local queueing included). */
  readonly start: number;
}

/** A successful acquisition, before it becomes a `Lock`. */
export interface Grant {
  readonly held: HeldKeys;
  readonly fence: bigint | undefined;
  readonly grantedAt: number;
  readonly validityMs: number;
  /** Attempts it took. */
  readonly attempts: number;
}

/**
 * Attempts until one succeeds with validity left, the strategy stops, the deadline passes or
 * the signal aborts. Every attempt uses the same token; a failed one that may have left keys
 * is released everywhere before the delay.
 */
export async function acquireLoop(input: AcquireLoopInput): Promise<Grant> {
  const { backend, clock, options, request, start } = input;
  const deadline = start + options.acquireTimeoutMs;
  const held: HeldKeys = { keys: request.keys, token: request.token };
  // What each node answered in the last attempt that finished: an attempt cut short by the
  // deadline has no outcomes of its own, and the error should still say which nodes failed.
  let lastNodes: readonly NodeOutcome[] = [];
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    const t0 = clock.now();
    const outcome = await bounded(
      backend,
      held,
      backend.acquire(request),
      deadline - t0,
      options,
      attempt,
      lastNodes,
    );
    const t1 = clock.now();
    lastNodes = outcome.nodes;
    let reason: AcquireFailureReason;
    if (outcome.acquired) {
      const validity = validityMs(request.ttlMs, t1 - t0, options.driftFactor);
      if (validity > 0) {
        return {
          held,
          fence: outcome.fence,
          grantedAt: t1,
          validityMs: validity,
          attempts: attempt,
        };
      }
      reason = 'validity';
      await backend.release(held, true);
    } else {
      reason = outcome.reason;
      if (outcome.mayHoldKeys) await backend.release(held, true);
    }
    const elapsedMs = clock.now() - start;
    const delay = options.retry({ attempt, elapsedMs, reason, random: Math.random });
    if (delay === false) throw new LockAcquireError(reason, attempt, outcome.nodes);
    checkDelay(delay);
    if (clock.now() + delay >= deadline) {
      throw new LockAcquireError('timeout', attempt, outcome.nodes);
    }
    await abortableSleep(delay, options.signal);
  }
}

function checkDelay(delay: unknown): void {
  if (typeof delay !== 'number') {
    throw new TypeError(`retry strategy must return a number or false, got ${typeof delay}`);
  }
  if (!Number.isFinite(delay) || delay < 0) {
    throw new RangeError(`retry strategy must return a finite delay >= 0, got ${delay}`);
  }
}

/**
 * Races one attempt against the acquisition's deadline and signal. The backend bounds the
 * attempt itself (node timeouts), so a timer is armed only when the deadline is nearer. When
 * the race is lost, the attempt still settles later: whatever it may have taken is released.
 */
function bounded(
  backend: LockBackend,
  held: HeldKeys,
  attempt: Promise<AcquireOutcome>,
  remainingMs: number,
  options: CallOptions,
  attemptNumber: number,
  lastNodes: readonly NodeOutcome[],
): Promise<AcquireOutcome> {
  const signal = options.signal;
  const needTimer = remainingMs < options.nodeTimeoutMs * 4;
  if (signal === undefined && !needTimer) return attempt;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const abandon = (error: unknown): void => {
      if (!finish()) return;
      void attempt.then(
        (late) => {
          if (late.acquired || late.mayHoldKeys) return backend.release(held, true);
        },
        () => undefined, // backends resolve outcomes and never reject; kept for safety
      );
      reject(error);
    };
    const onAbort = (): void => abandon(signal?.reason);
    const timer = needTimer
      ? setTimeout(
          () => abandon(new LockAcquireError('timeout', attemptNumber, lastNodes)),
          Math.max(0, remainingMs),
        )
      : undefined;
    signal?.addEventListener('abort', onAbort, { once: true });
    attempt.then(
      (outcome) => {
        if (finish()) resolve(outcome);
      },
      (error: unknown) => {
        if (finish()) reject(error);
      },
    );
  });
}
