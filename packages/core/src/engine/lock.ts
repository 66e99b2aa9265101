import type { HeldKeys, LockBackend, ReleaseOutcome } from '../backend/lock-backend.js';
import {
  LockError,
  LockLostError,
  LockNotHeldError,
  LockReleaseError,
  type LockLostReason,
  type NodeOutcome,
} from '../errors.js';
import type { CallOptions } from '../options.js';
import { checkCallTtl } from '../options.js';
import { ClientSideError, clientFailureOf } from '../client/client-side-error.js';
import type { Clock } from './clock.js';
import { lockChannels, publish } from './events.js';
import type { Ticket } from './local-queue.js';
import {
  lockEnd,
  nextAfterFailedExtension,
  nextAfterRenewal,
  type LockTimer,
} from './lock-timer.js';
import type { TimerEntry, TimerHeap } from './timer-heap.js';
import { validityMs } from './validity.js';

/** What a lock needs from the manager that made it. @internal */
export interface LockContext {
  readonly backend: LockBackend;
  readonly timers: TimerHeap;
  readonly clock: Clock;
}

/** The state a lock starts in. @internal */
export interface LockGrant {
  readonly held: HeldKeys;
  readonly resources: readonly string[];
  readonly fence: bigint | undefined;
  /** Monotonic time of the deciding reply, and the validity computed then. */
  readonly grantedAt: number;
  readonly validityMs: number;
  readonly ticket: Ticket | undefined;
  /** Monotonic time of the acquisition in Redis (earlier than `grantedAt` when handed over). */
  readonly chainStartedAt: number;
  /** Attempts the acquisition took. */
  readonly attempts: number;
}

/** The reason `signal` aborts with on release (made only if someone holds the signal). */
const releasedReason = (): DOMException => new DOMException('the lock was released', 'AbortError');

/** Where a lock's chain of extensions starts: one settled promise shared by every lock. */
const SETTLED: Promise<unknown> = Promise.resolve();

/** What `release()` resolves with when it handed the lock to the next local waiter. */
const HANDED_OVER: ReleaseOutcome = Object.freeze({ nodes: Object.freeze([]), handedOver: true });

/**
 * A held lock. Made by `acquire()`; ends with `release()`, `await using`, or loss, which
 * `signal` reports.
 *
 * @example
 * ```ts
 * const lock = await locker.acquire('orders:42');
 * try {
 *   await work(lock.signal); // aborts with a LockLostError if the lock is lost
 * } finally {
 *   await lock.release();
 * }
 * ```
 */
export class Lock implements AsyncDisposable {
  /** The resources this lock holds, in the order given. */
  readonly resources: readonly string[];
  /** The random value identifying this holder; the value of every key. */
  readonly token: string;
  /** Grows with every acquisition of these resources, when fencing is on; else undefined. */
  readonly fence: bigint | undefined;
  /**
   * How many attempts the acquisition took: 1 when the first succeeded. A wait behind another
   * acquisition in this process counts as an attempt that found the resource taken.
   */
  readonly attempts: number;
  readonly #keys: HeldKeys;
  readonly #context: LockContext;
  readonly #options: CallOptions;
  // Made on first read of `signal`: most locks are never asked, and an AbortController per
  // lock was the engine's largest cost on the acquire/release path.
  #controller: AbortController | undefined;
  #endReason: (() => unknown) | undefined;
  readonly #acquiredAt: number;
  readonly #chainStartedAt: number;
  #ticket: Ticket | undefined;
  #renewing = 0;
  #autoExtendStopped = false;
  #state: 'held' | 'released' | 'lost' = 'held';
  #renewedAt: number;
  #validUntilMono: number;
  /** Epoch form of `#validUntilMono`, made on first read (most locks are never asked). */
  #validUntil: number | undefined = undefined;
  #entry: TimerEntry | undefined;
  /** The extension in progress or last made, which the next one waits for (none at first). */
  #extending: Promise<unknown> = SETTLED;

  /** @internal Locks come from a manager's `acquire()`. */
  constructor(context: LockContext, options: CallOptions, grant: LockGrant) {
    this.#context = context;
    this.#options = options;
    this.#keys = grant.held;
    this.token = grant.held.token;
    this.resources = grant.resources;
    this.fence = grant.fence;
    this.attempts = grant.attempts;
    this.#ticket = grant.ticket;
    this.#acquiredAt = grant.grantedAt;
    this.#chainStartedAt = grant.chainStartedAt;
    this.#renewedAt = grant.grantedAt;
    this.#validUntilMono = grant.grantedAt + grant.validityMs;
    this.#schedule();
  }

  /** Epoch ms until which the holder may safely act, as of the last acquire or extend. */
  get validUntil(): number {
    if (this.#validUntil === undefined) {
      const clock = this.#context.clock;
      this.#validUntil = clock.epochNow() + (this.#validUntilMono - clock.now());
    }
    return this.#validUntil;
  }

  /**
   * Aborts when the lock ends: with a {@link LockLostError} when it is lost (an extension
   * failed, validity ran out, or `maxHoldMs` was reached), with an `AbortError` on release.
   */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#endReason !== undefined) this.#controller.abort(this.#endReason());
    }
    return this.#controller.signal;
  }

  /** Whether the lock is still held as far as this process knows. */
  get held(): boolean {
    return this.#state === 'held';
  }

  /**
   * Stops auto-extension without releasing: the lock stays held until its validity runs out
   * (then `signal` aborts with a {@link LockLostError} `'expired'`), until `release()`, or until
   * `extend()` is called by hand. An extension already under way still completes. Does nothing
   * on a lock that was not auto-extended or has ended.
   * @example
   * ```ts
   * await locker.using('reports:daily', async (signal, lock) => {
   *   await buildReport(signal);
   *   lock.stopAutoExtend(); // the rest is best effort: let the lock run out if it takes long
   *   await sendReport();
   * });
   * ```
   */
  stopAutoExtend(): void {
    if (this.#autoExtendStopped || !this.#options.autoExtend || this.#state !== 'held') return;
    this.#autoExtendStopped = true;
    if (this.#renewing === 0) this.#schedule();
  }

  /**
   * Extends every key of the lock to `ttlMs` from now, on the same handle. A failed extension
   * loses the lock: `signal` aborts and this rejects.
   * @param ttlMs - New ttl; the lock's ttl when omitted.
   * @returns This same lock, with a new `validUntil`.
   * @example
   * ```ts
   * await lock.extend(); // the lock's ttlMs again, from now (Redlock: at most maxTtlMs)
   * console.log(`valid for another ${lock.validUntil - Date.now()} ms`);
   * ```
   * @throws TypeError or RangeError at once for a bad `ttlMs`; rejects with
   *   {@link LockNotHeldError} when the lock was released or lost, or no longer held in
   *   Redis, and with {@link LockLostError} when too few nodes answered.
   */
  extend(ttlMs?: number): Promise<this> {
    const ttl =
      ttlMs === undefined
        ? this.#options.ttlMs
        : checkCallTtl('ttlMs', ttlMs, this.#options.nodeTimeoutMs, this.#options.maxTtlMs);
    const run = this.#extending.then(() => this.#manualExtend(ttl));
    this.#extending = run.catch(() => undefined);
    return run;
  }

  /**
   * Releases every key that still holds this lock's token. `signal` aborts first. When another
   * acquisition of the same resources waits in this process (`coalesce`), the lock is handed to
   * it instead, still held in Redis and with the same token, without a command: see
   * {@link ReleaseOutcome.handedOver}.
   * @returns What each node did.
   * @throws Rejects with {@link LockNotHeldError} when released before, or when every node
   *   answered that it did not hold it; with {@link LockReleaseError} when no node confirmed
   *   and some did not answer.
   */
  async release(): Promise<ReleaseOutcome> {
    if (this.#state === 'released') {
      throw new LockNotHeldError(`lock on ${this.resources.join(', ')} was already released`);
    }
    this.#state = 'released';
    this.#cancelSchedule();
    this.#end(releasedReason);
    const events = lockChannels.release.hasSubscribers;
    if (this.#handOver()) {
      if (events) {
        publish('release', () => ({
          resources: this.resources,
          ok: true,
          durationMs: 0,
          handedOver: true,
        }));
      }
      return HANDED_OVER;
    }
    const t0 = events ? this.#context.clock.now() : 0;
    const outcome = await this.#context.backend.release(this.#keys);
    this.#leaveQueue();
    let ok = false;
    for (const node of outcome.nodes) if (node.outcome === 'ok') ok = true;
    const error = ok ? undefined : releaseError(this.resources, outcome.nodes);
    if (events) {
      publish('release', () => ({
        resources: this.resources,
        ok,
        durationMs: this.#context.clock.now() - t0,
        error,
      }));
    }
    if (error !== undefined) throw error;
    return outcome;
  }

  /**
   * Releases the lock unless already released; a lock that no node holds any more (it expired
   * meanwhile) is fine. Nodes that could not be reached are not: that rejects.
   * @throws Rejects with {@link LockReleaseError} when no node confirmed the release and some
   *   did not answer; never with {@link LockNotHeldError}.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#state === 'released') return;
    try {
      await this.release();
    } catch (error) {
      if (!(error instanceof LockNotHeldError)) throw error;
    }
  }

  /**
   * Hands the lock to the next local waiter, if one accepts it. Not with a fence (the next
   * holder needs a greater one, which only Redis gives) nor while an extension is in flight
   * (its outcome would decide whether the lock is still held).
   */
  #handOver(): boolean {
    const ticket = this.#ticket;
    if (ticket === undefined || ticket.alone) return false;
    if (this.fence !== undefined || this.#renewing > 0) return false;
    // Validity left is the waiter's call (`acceptsHandoff`): no clock read when nobody waits.
    const handed = ticket.handOver({
      held: this.#keys,
      validUntilMono: this.#validUntilMono,
      chainStartedAt: this.#chainStartedAt,
    });
    if (handed) this.#ticket = undefined;
    return handed;
  }

  async #manualExtend(ttlMs: number): Promise<this> {
    if (this.#state !== 'held') {
      throw new LockNotHeldError(`lock on ${this.resources.join(', ')} is ${this.#state}`);
    }
    const outcome = await this.#renew(ttlMs);
    if (outcome === 'extended') return this;
    if (outcome instanceof ClientSideError) {
      // The client's own failure (a bug, a limit, closed): say so, not "too few nodes".
      this.#lose('extend-failed', outcome.cause);
      throw outcome.cause;
    }
    if (outcome === 'unreachable') {
      const cause = new LockError('too few nodes confirmed the extension');
      throw this.#lose('extend-failed', cause) ?? new LockNotHeldError('the lock already ended');
    }
    const error = new LockNotHeldError(
      `the lock on ${this.resources.join(', ')} is no longer held`,
    );
    this.#lose('extend-failed', error);
    throw error;
  }

  /**
   * One extension; updates validity on success. Never rejects: a failure of the client itself
   * comes back as its {@link ClientSideError}.
   */
  async #renew(
    ttlMs: number,
  ): Promise<'extended' | 'not-held' | 'unreachable' | 'ended' | ClientSideError> {
    const clock = this.#context.clock;
    const t0 = clock.now();
    this.#renewing++;
    const outcome = await this.#context.backend.extend(this.#keys, ttlMs);
    this.#renewing--;
    const t1 = clock.now();
    const validity = validityMs(ttlMs, t1 - t0, this.#options.driftFactor);
    const ok = outcome.extended && validity > 0 && t1 < this.#validUntilMono;
    publish('extend', () => ({ resources: this.resources, ok, durationMs: t1 - t0 }));
    if (this.#state !== 'held') return 'ended';
    if (!outcome.extended) return clientFailureOf(outcome.nodes) ?? outcome.reason;
    if (!ok) return 'unreachable';
    this.#renewedAt = t1;
    this.#validUntilMono = t1 + validity;
    this.#validUntil = undefined;
    this.#schedule();
    return 'extended';
  }

  async #autoExtend(): Promise<void> {
    // A late timer (a blocked event loop) may fire after the lock ended; and while the call is
    // in flight, loss must still be signalled at the lock's end, not when a late reply lands.
    const holdEnd = this.#holdEnd();
    const end = lockEnd(this.#validUntilMono, holdEnd);
    if (this.#context.clock.now() >= end.at) {
      this.#fire(end);
      return;
    }
    this.#setTimer(end);
    const run = this.#extending.then(() =>
      this.#state === 'held' ? this.#renew(this.#options.ttlMs) : 'ended',
    );
    this.#extending = run;
    const outcome = await run;
    if (outcome === 'extended' || outcome === 'ended') return;
    if (outcome === 'not-held' || outcome instanceof ClientSideError) {
      // A client failing by itself fails every retry alike: the lock is lost now.
      this.#lose('extend-failed', outcome instanceof ClientSideError ? outcome.cause : undefined);
      return;
    }
    // Too few nodes answered: try again while validity and the hold leave room, then give up.
    const now = this.#context.clock.now();
    const { nodeTimeoutMs } = this.#options;
    if (this.#autoExtendStopped) this.#setTimer(lockEnd(this.#validUntilMono, holdEnd));
    else
      this.#setTimer(nextAfterFailedExtension(now, this.#validUntilMono, holdEnd, nodeTimeoutMs));
  }

  /** Monotonic time from which the lock is no longer auto-extended nor held. */
  #holdEnd(): number {
    return this.#acquiredAt + this.#options.maxHoldMs;
  }

  #schedule(): void {
    const autoExtend = this.#options.autoExtend && !this.#autoExtendStopped;
    this.#setTimer(
      nextAfterRenewal(this.#renewedAt, this.#validUntilMono, this.#holdEnd(), autoExtend),
    );
  }

  #setTimer(timer: LockTimer): void {
    this.#setEntry(timer.at, () => this.#fire(timer));
  }

  #fire(timer: LockTimer): void {
    if (timer.action === 'extend') void this.#autoExtend();
    else this.#lose(timer.action);
  }

  #setEntry(dueAt: number, run: () => void): void {
    this.#cancelSchedule();
    if (dueAt === Infinity) return;
    this.#entry = this.#context.timers.schedule(dueAt, run);
  }

  #cancelSchedule(): void {
    if (this.#entry !== undefined) this.#context.timers.cancel(this.#entry);
    this.#entry = undefined;
  }

  #lose(reason: LockLostReason, cause?: unknown): LockLostError | undefined {
    if (this.#state !== 'held') return undefined;
    this.#state = 'lost';
    this.#cancelSchedule();
    // Nodes that still hold the keys would keep them for up to a ttl (a failed extension may
    // even have renewed them), and the next waiter would wait for nothing. Token-checked and
    // best effort: sent before the next local waiter goes to Redis, never awaited nor thrown.
    const backend = this.#context.backend;
    void new Promise((resolve) => resolve(backend.release(this.#keys, true))).catch(
      (error: unknown) =>
        publish('release', () => ({ resources: this.resources, ok: false, durationMs: 0, error })),
    );
    this.#leaveQueue();
    const error = new LockLostError(reason, this.resources, { cause });
    this.#end(() => error);
    publish('lost', () => ({ resources: this.resources, ok: false, durationMs: 0, error }));
    return error;
  }

  /** Aborts `signal` with the first end's reason (built only if someone holds the signal). */
  #end(reason: () => unknown): void {
    if (this.#endReason !== undefined) return;
    this.#endReason = reason;
    this.#controller?.abort(reason());
  }

  #leaveQueue(): void {
    this.#ticket?.leave();
    this.#ticket = undefined;
  }
}

/**
 * Why a release confirmed on no node failed: the client itself failed (its error), nobody held
 * it, or nodes did not answer.
 */
function releaseError(resources: readonly string[], nodes: readonly NodeOutcome[]): Error {
  const client = clientFailureOf(nodes);
  if (client !== undefined) return client.cause instanceof Error ? client.cause : client;
  const names = resources.join(', ');
  if (nodes.every((node) => node.outcome === 'not-held')) {
    return new LockNotHeldError(`no node still held the lock on ${names}`, nodes);
  }
  return new LockReleaseError(`no node confirmed the release of the lock on ${names}`, nodes);
}
