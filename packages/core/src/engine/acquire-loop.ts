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
 * is released everywhere before the delay. The first attempt needs no race when there is no
 * signal and the deadline is far (see `bounded`): it runs outside the async retry loop, which
 * most acquisitions never enter.
 */
export function acquireLoop(input: AcquireLoopInput): Promise<Grant> {
  const { backend, clock, options, request, start } = input;
  const held: HeldKeys = { keys: request.keys, token: request.token };
  const t0 = clock.now();
  if (options.signal !== undefined || needsTimer(start + options.acquireTimeoutMs - t0, options)) {
    return attempts(input, held, undefined);
  }
  return backend.acquire(request).then((outcome) => {
    const t1 = clock.now();
    const grant = granted(outcome, held, t0, t1, request.ttlMs, options.driftFactor, 1);
    return grant ?? attempts(input, held, { outcome, t0, t1 });
  });
}

/** An attempt that came back, and when it started and ended. */
interface Attempted {
  readonly outcome: AcquireOutcome;
  readonly t0: number;
  readonly t1: number;
}

/** The grant for an acquired outcome with validity left, else undefined. */
function granted(
  outcome: AcquireOutcome,
  held: HeldKeys,
  t0: number,
  t1: number,
  ttlMs: number,
  driftFactor: number,
  attempt: number,
): Grant | undefined {
  if (!outcome.acquired) return undefined;
  const validity = validityMs(ttlMs, t1 - t0, driftFactor);
  if (validity <= 0) return undefined;
  return { held, fence: outcome.fence, grantedAt: t1, validityMs: validity, attempts: attempt };
}

/** The retry loop, from the first attempt or after it (`first`, when it already ran). */
async function attempts(
  input: AcquireLoopInput,
  held: HeldKeys,
  first: Attempted | undefined,
): Promise<Grant> {
  const { backend, clock, options, request, start } = input;
  const deadline = start + options.acquireTimeoutMs;
  // What each node answered in the last attempt that finished: an attempt cut short by the
  // deadline has no outcomes of its own, and the error should still say which nodes failed.
  let lastNodes: readonly NodeOutcome[] = [];
  for (let attempt = 1; ; attempt++) {
    let outcome: AcquireOutcome;
    let t0: number;
    let t1: number;
    if (attempt === 1 && first !== undefined) {
      ({ outcome, t0, t1 } = first);
    } else {
      options.signal?.throwIfAborted();
      t0 = clock.now();
      const call = backend.acquire(request);
      outcome = await bounded(backend, held, call, deadline - t0, options, attempt, lastNodes);
      t1 = clock.now();
    }
    lastNodes = outcome.nodes;
    const grant = granted(outcome, held, t0, t1, request.ttlMs, options.driftFactor, attempt);
    if (grant !== undefined) return grant;
    let reason: AcquireFailureReason;
    if (outcome.acquired) {
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

/** Whether an attempt must race a timer: the deadline is nearer than the nodes' own bound. */
function needsTimer(remainingMs: number, options: CallOptions): boolean {
  return remainingMs < options.nodeTimeoutMs * 4;
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
  const needTimer = needsTimer(remainingMs, options);
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
