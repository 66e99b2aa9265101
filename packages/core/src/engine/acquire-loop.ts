import type {
  AcquireOutcome,
  AcquireRequest,
  HeldKeys,
  LockBackend,
} from '../backend/lock-backend.js';
import { ClientSideError, clientFailureOf } from '../client/client-side-error.js';
import { acquireDecision } from '../decision/quorum-decision.js';
import { validityMs } from '../decision/validity.js';
import { LockAcquireError } from '../errors.js';
import type { CallOptions } from '../resolve-options.js';
import { abortableWait } from './abortable-wait.js';
import type { Clock } from './clock.js';
import { lockChannels, type LockEvent } from './events.js';
import { nextDelay } from './next-delay.js';
import type { SignalListeners } from './signal-listeners.js';

/** What the retry loop needs. */
export interface AcquireLoopOptions {
  readonly backend: LockBackend;
  readonly clock: Clock;
  /** The call's options: ttl, retry strategy, timeout, signal, drift. */
  readonly call: CallOptions;
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
 * Attempts until one succeeds with validity left (`acquireDecision`), the strategy stops, the
 * deadline passes or the signal aborts. Attempts start until the deadline: the last delay is
 * cut so that a final attempt starts at it, and an attempt runs its course, bounded by the
 * backend (node timeouts), not cut by the deadline. Every attempt uses the same token; a failed
 * one that may have left keys is released everywhere before the delay. An attempt that failed
 * where the Redis client itself failed on some node (a {@link ClientSideError}) is not retried:
 * the acquisition rejects with the client's error at once.
 */
export async function acquireLoop(options: AcquireLoopOptions): Promise<Grant> {
  const { backend, clock, call, request, start, listeners, resources } = options;
  const { signal } = call;
  const held: HeldKeys = { keys: request.keys, token: request.token };
  const deadline = start + call.acquireTimeoutMs;
  // Waits behind a local holder, before, all found the resource taken.
  let allTaken = true;
  for (let attempt = options.attemptsBefore + 1; ; attempt++) {
    signal?.throwIfAborted();
    const t0 = clock.now();
    const pending = backend.acquire(request);
    const outcome = await (signal === undefined
      ? pending
      : untilAborted(pending, { backend, held, signal, listeners }));
    const t1 = clock.now();
    if (lockChannels.attempt.hasSubscribers) {
      publishAttempt({ resources, ok: outcome.acquired, durationMs: t1 - t0, attempt, outcome });
    }
    const validity = validityMs(request.ttlMs, t1 - t0, call.driftFactor);
    const decision = acquireDecision(outcome, validity);
    if (decision === 'acquired') {
      const fence = outcome.acquired ? outcome.fence : undefined;
      return { held, fence, grantedAt: t1, validityMs: validity, attempts: attempt };
    }
    const clientFailure = clientFailureOf(outcome.nodes);
    if (clientFailure !== undefined) {
      // The client's own failure (a bug, a limit): every attempt would meet it again.
      if (mayHoldKeys(outcome)) await backend.release(held, true);
      throw clientFailure.cause;
    }
    if (outcome.acquired || outcome.mayHoldKeys) await backend.release(held, true);
    if (decision !== 'taken') allTaken = false;
    const now = clock.now();
    const context = { attempt, elapsedMs: now - start, reason: decision, random: Math.random };
    const delay = nextDelay(call.retry, context, deadline - now);
    if (delay === false) {
      throw new LockAcquireError(decision, attempt, outcome.nodes, { resources });
    }
    if (delay === 'deadline') {
      // Every attempt found the resource held: say so, not merely that time ran out.
      const last = allTaken ? 'taken' : 'timeout';
      throw new LockAcquireError(last, attempt, outcome.nodes, { resources, timedOut: true });
    }
    await abortableWait({ ms: delay, timedOut: () => undefined, signal, listeners }).promise;
  }
}

/** One attempt's event on `redquorum:attempt`, every node's answer with it. */
function publishAttempt(event: {
  readonly resources: readonly string[];
  readonly ok: boolean;
  readonly durationMs: number;
  readonly attempt: number;
  readonly outcome: AcquireOutcome;
}): void {
  lockChannels.attempt.publish({
    resources: event.resources,
    ok: event.ok,
    durationMs: event.durationMs,
    attempts: event.attempt,
    nodes: event.outcome.nodes,
  } satisfies LockEvent);
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
 * An attempt raced against the signal. When the signal wins, the attempt still settles later:
 * whatever it may have taken is released then.
 */
function untilAborted(
  pending: Promise<AcquireOutcome>,
  context: {
    readonly backend: LockBackend;
    readonly held: HeldKeys;
    readonly signal: AbortSignal;
    readonly listeners: SignalListeners;
  },
): Promise<AcquireOutcome> {
  const { backend, held, signal, listeners } = context;
  const onAbort = (): void => {
    void pending.then(
      (late) => {
        if (late.acquired || late.mayHoldKeys) return backend.release(held, true);
      },
      () => undefined, // backends resolve outcomes and never reject; kept for safety
    );
  };
  const wait = abortableWait<AcquireOutcome>({ signal, listeners, onAbort });
  pending.then(wait.resolve, wait.reject);
  return wait.promise;
}
