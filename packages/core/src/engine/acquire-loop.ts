import type {
  AcquireOutcome,
  AcquireRequest,
  HeldKeys,
  LockBackend,
} from '../backend/lock-backend.js';
import { ClientSideError, clientFailureOf } from '../client/client-side-error.js';
import { LockAcquireError, type AcquireFailureReason } from '../errors.js';
import type { CallOptions } from '../options.js';
import { abortableSleep } from './abortable-sleep.js';
import type { Clock } from './clock.js';
import { lockChannels, type LockEvent } from './events.js';
import { nextDelay } from './next-delay.js';
import type { SignalListeners } from './signal-listeners.js';
import { validityMs } from './validity.js';

/** What the retry loop needs. */
export interface AcquireLoopInput {
  readonly backend: LockBackend;
  readonly clock: Clock;
  readonly options: CallOptions;
  readonly request: AcquireRequest;
  /** Monotonic start of the acquisition (local queueing included). */
  readonly start: number;
  /** Attempts already made: waits behind a local holder, each of which found it taken. */
  readonly attemptsBefore: number;
  /** The engine's abort listeners (one per signal). */
  readonly listeners: SignalListeners;
  /** The resources, for the attempt events. */
  readonly resources: readonly string[];
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
 * the signal aborts. Attempts start until the deadline: the last delay is cut so that a final
 * attempt starts at it, and an attempt runs its course, bounded by the backend (node
 * timeouts), not cut by the deadline. Every attempt uses the same token; a failed one that may
 * have left keys is released everywhere before the delay. An attempt that failed where the
 * Redis client itself failed on some node (a {@link ClientSideError}) is not retried: the
 * acquisition rejects with the client's error at once. Without a signal the first attempt
 * needs no race: it runs outside the async retry loop, which most acquisitions never enter.
 */
export function acquireLoop(input: AcquireLoopInput): Promise<Grant> {
  const { backend, clock, options, request, attemptsBefore } = input;
  const held: HeldKeys = { keys: request.keys, token: request.token };
  if (options.signal !== undefined) return attempts(input, held, undefined);
  const t0 = clock.now();
  return backend.acquire(request).then((outcome) => {
    const t1 = clock.now();
    const first = attemptsBefore + 1;
    const grant = granted(outcome, held, t0, t1, request.ttlMs, options.driftFactor, first);
    if (lockChannels.attempt.hasSubscribers) publishAttempt(input, first, outcome, t1 - t0);
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

/** Publishes one attempt on `redquorum:attempt`, every node's answer with it. */
function publishAttempt(
  input: AcquireLoopInput,
  attempt: number,
  outcome: AcquireOutcome,
  durationMs: number,
): void {
  lockChannels.attempt.publish({
    resources: input.resources,
    ok: outcome.acquired,
    durationMs,
    attempts: attempt,
    nodes: outcome.nodes,
  } satisfies LockEvent);
}

/** The retry loop, from the first attempt or after it (`first`, when it already ran). */
async function attempts(
  input: AcquireLoopInput,
  held: HeldKeys,
  first: Attempted | undefined,
): Promise<Grant> {
  const { backend, clock, options, request, start, attemptsBefore, listeners } = input;
  const deadline = start + options.acquireTimeoutMs;
  // Waits behind a local holder, before, all found the resource taken.
  let allTaken = true;
  for (let attempt = attemptsBefore + 1; ; attempt++) {
    let outcome: AcquireOutcome;
    let t0: number;
    let t1: number;
    if (attempt === attemptsBefore + 1 && first !== undefined) {
      ({ outcome, t0, t1 } = first);
    } else {
      options.signal?.throwIfAborted();
      t0 = clock.now();
      outcome = await raced(backend, held, backend.acquire(request), options.signal, listeners);
      t1 = clock.now();
      if (lockChannels.attempt.hasSubscribers) publishAttempt(input, attempt, outcome, t1 - t0);
    }
    const grant = granted(outcome, held, t0, t1, request.ttlMs, options.driftFactor, attempt);
    if (grant !== undefined) return grant;
    const clientFailure = clientFailureOf(outcome.nodes);
    if (clientFailure !== undefined) {
      // The client's own failure (a bug, a limit): every attempt would meet it again.
      if (mayHoldKeys(outcome)) await backend.release(held, true);
      throw clientFailure.cause;
    }
    let reason: AcquireFailureReason;
    if (outcome.acquired) {
      reason = 'validity';
      await backend.release(held, true);
    } else {
      reason = outcome.reason;
      if (outcome.mayHoldKeys) await backend.release(held, true);
    }
    if (reason !== 'taken') allTaken = false;
    const now = clock.now();
    const context = { attempt, elapsedMs: now - start, reason, random: Math.random };
    const delay = nextDelay(options.retry, context, deadline - now);
    const { resources } = input;
    if (delay === false) throw new LockAcquireError(reason, attempt, outcome.nodes, { resources });
    if (delay === 'deadline') {
      // Every attempt found the resource held: say so, not merely that time ran out.
      const last = allTaken ? 'taken' : 'timeout';
      const options = { resources, timedOut: true };
      throw new LockAcquireError(last, attempt, outcome.nodes, options);
    }
    await abortableSleep(delay, options.signal, listeners);
  }
}

/**
 * Whether a failed attempt may have left keys: as the backend says, unless the client failed
 * on every node, so that nothing was sent.
 */
function mayHoldKeys(outcome: AcquireOutcome): boolean {
  if (outcome.acquired) return true;
  return outcome.mayHoldKeys && !outcome.nodes.every((n) => n.cause instanceof ClientSideError);
}

/**
 * Races one attempt against the signal. When the race is lost, the attempt still settles
 * later: whatever it may have taken is released.
 */
function raced(
  backend: LockBackend,
  held: HeldKeys,
  attempt: Promise<AcquireOutcome>,
  signal: AbortSignal | undefined,
  listeners: SignalListeners,
): Promise<AcquireOutcome> {
  if (signal === undefined) return attempt;
  return new Promise((resolve, reject) => {
    let settled = false;
    const stop = listeners.listen(signal, () => {
      if (settled) return;
      settled = true;
      void attempt.then(
        (late) => {
          if (late.acquired || late.mayHoldKeys) return backend.release(held, true);
        },
        () => undefined, // backends resolve outcomes and never reject; kept for safety
      );
      reject(signal.reason as Error);
    });
    attempt.then(
      (outcome) => {
        if (settled) return;
        settled = true;
        stop();
        resolve(outcome);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        stop();
        reject(error);
      },
    );
  });
}
