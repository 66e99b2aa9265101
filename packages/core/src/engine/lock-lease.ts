import type { HeldKeys, LockBackend } from '../backend/lock-backend.js';
import { ClientSideError, clientFailureOf } from '../client/client-side-error.js';
import { extendDecision } from '../decision/quorum-decision.js';
import { validityMs } from '../decision/validity.js';
import type { LockLostReason } from '../errors.js';
import type { CallOptions } from '../resolve-options.js';
import type { Clock } from './clock.js';
import { publish } from './events.js';
import {
  lockEnd,
  nextAfterFailedExtension,
  nextAfterRenewal,
  type LockTimer,
} from './lock-timer.js';
import type { TimerEntry, TimerHeap } from './timer-heap.js';

/** What a lock needs from the manager that made it. @internal */
export interface LockContext {
  readonly backend: LockBackend;
  readonly timers: TimerHeap;
  readonly clock: Clock;
}

/** What one extension came to: the lock ended meanwhile, or the client failed by itself. */
export type RenewOutcome = 'extended' | 'not-held' | 'unreachable' | 'ended' | ClientSideError;

/** What a lease knows of its lock, and how it ends it. @internal */
export interface LeaseOptions {
  readonly context: LockContext;
  readonly call: CallOptions;
  readonly keys: HeldKeys;
  /** The lock's resources, for the extend events. */
  readonly resources: readonly string[];
  /** Monotonic time of the deciding reply, and the validity computed then. */
  readonly grantedAt: number;
  readonly validityMs: number;
  /** Whether the lock is still held (not released, not lost). */
  readonly isHeld: () => boolean;
  /** Ends the lock as lost: its timer ran out, or an auto-extension failed. */
  readonly lose: (reason: LockLostReason, cause?: unknown) => void;
}

/** Where a lock's chain of extensions starts: one resolved promise shared by every lease. */
const IDLE_CHAIN: Promise<unknown> = Promise.resolve();

/**
 * A held lock's time: its validity, its extensions (manual and automatic, one at a time), and
 * its one timer, which either extends the lock halfway through its validity or ends it at
 * its validity's or `maxHoldMs`'s end (the arithmetic is `lock-timer.ts`'s). A late reply
 * never postpones a loss: while an extension is in flight, the timer is set to the lock's end.
 * @internal
 */
export class LockLease {
  readonly #options: LeaseOptions;
  readonly #acquiredAt: number;
  #renewedAt: number;
  #validUntilMono: number;
  /** Epoch form of `#validUntilMono`, made on first read (most locks are never asked). */
  #validUntil: number | undefined = undefined;
  #entry: TimerEntry | undefined;
  /** The extension in progress or last made, which the next one waits for. */
  #extending: Promise<unknown> = IDLE_CHAIN;
  #renewing = 0;
  #autoExtendStopped = false;

  constructor(options: LeaseOptions) {
    this.#options = options;
    this.#acquiredAt = options.grantedAt;
    this.#renewedAt = options.grantedAt;
    this.#validUntilMono = options.grantedAt + options.validityMs;
    this.#schedule();
  }

  /** Monotonic time until which the lock is valid, as of its last acquire or extend. */
  get validUntilMono(): number {
    return this.#validUntilMono;
  }

  /** Epoch form of {@link LockLease.validUntilMono}. */
  get validUntil(): number {
    if (this.#validUntil === undefined) {
      const clock = this.#options.context.clock;
      this.#validUntil = clock.epochNow() + (this.#validUntilMono - clock.now());
    }
    return this.#validUntil;
  }

  /** Whether an extension is in flight (its outcome decides whether the lock is still held). */
  get renewing(): boolean {
    return this.#renewing > 0;
  }

  /** Runs `task` once the extension in flight, if any, has settled. */
  queue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#extending.then(task);
    this.#extending = run.catch(() => undefined);
    return run;
  }

  /** Stops auto-extension; the lock then ends at its validity's end unless extended by hand. */
  stopAutoExtend(): void {
    if (this.#autoExtendStopped || !this.#options.call.autoExtend) return;
    this.#autoExtendStopped = true;
    if (this.#renewing === 0) this.#schedule();
  }

  /** Cancels the timer: the lock ended. */
  cancel(): void {
    if (this.#entry !== undefined) this.#options.context.timers.cancel(this.#entry);
    this.#entry = undefined;
  }

  /**
   * One extension; updates validity and the timer on success. Never rejects: a failure of the
   * client itself comes back as its {@link ClientSideError}.
   */
  async renew(ttlMs: number): Promise<RenewOutcome> {
    const { context, call, keys, resources } = this.#options;
    const t0 = context.clock.now();
    this.#renewing++;
    const outcome = await context.backend.extend(keys, ttlMs);
    this.#renewing--;
    const t1 = context.clock.now();
    const validity = validityMs(ttlMs, t1 - t0, call.driftFactor);
    const decision = extendDecision(outcome, {
      validityMs: validity,
      repliedAt: t1,
      validUntil: this.#validUntilMono,
    });
    const ok = decision === 'extended';
    publish('extend', () => ({ resources, ok, durationMs: t1 - t0 }));
    if (!this.#options.isHeld()) return 'ended';
    if (!outcome.extended) return clientFailureOf(outcome.nodes) ?? decision;
    if (!ok) return decision;
    this.#renewedAt = t1;
    this.#validUntilMono = t1 + validity;
    this.#validUntil = undefined;
    this.#schedule();
    return 'extended';
  }

  async #autoExtend(): Promise<void> {
    // A late timer (a blocked event loop) may fire after the lock ended; and while the call is
    // in flight, loss must still be signalled at the lock's end, not when a late reply lands.
    const { context, call, isHeld, lose } = this.#options;
    const holdEnd = this.#holdEnd();
    const end = lockEnd(this.#validUntilMono, holdEnd);
    if (context.clock.now() >= end.at) {
      this.#fire(end);
      return;
    }
    this.#setTimer(end);
    const run = this.#extending.then(() => (isHeld() ? this.renew(call.ttlMs) : 'ended'));
    this.#extending = run;
    const outcome = await run;
    if (outcome === 'extended' || outcome === 'ended') return;
    if (outcome === 'not-held' || outcome instanceof ClientSideError) {
      // A client failing by itself fails every retry alike: the lock is lost now.
      lose('extend-failed', outcome instanceof ClientSideError ? outcome.cause : undefined);
      return;
    }
    // Too few nodes answered: try again while validity and the hold leave room, then give up.
    if (this.#autoExtendStopped) {
      this.#setTimer(lockEnd(this.#validUntilMono, holdEnd));
      return;
    }
    const span = { validUntil: this.#validUntilMono, holdEnd };
    this.#setTimer(nextAfterFailedExtension(context.clock.now(), span, call.nodeTimeoutMs));
  }

  /** Monotonic time from which the lock is no longer auto-extended nor held. */
  #holdEnd(): number {
    return this.#acquiredAt + this.#options.call.maxHoldMs;
  }

  #schedule(): void {
    const autoExtend = this.#options.call.autoExtend && !this.#autoExtendStopped;
    const span = { validUntil: this.#validUntilMono, holdEnd: this.#holdEnd() };
    this.#setTimer(nextAfterRenewal(this.#renewedAt, span, autoExtend));
  }

  #setTimer(timer: LockTimer): void {
    this.cancel();
    if (timer.at === Infinity) return;
    this.#entry = this.#options.context.timers.schedule(timer.at, () => this.#fire(timer));
  }

  #fire(timer: LockTimer): void {
    if (timer.action === 'extend') void this.#autoExtend();
    else this.#options.lose(timer.action);
  }
}
