import { channel } from 'node:diagnostics_channel';
import type { NodeOutcome } from '../outcomes.js';

/**
 * Channels on `node:diagnostics_channel`, so tracing can subscribe without a dependency:
 * `redquorum:acquire`, `redquorum:attempt`, `redquorum:extend`, `redquorum:release`,
 * `redquorum:lost`.
 * Messages are {@link LockEvent} objects; nothing is built when nobody listens.
 *
 * @example
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel';
 *
 * subscribe(lockChannels.acquire.name, (message) => {
 *   const event = message as LockEvent; // or lockChannels.acquire.subscribe(…)
 *   if (!event.ok) console.warn('no lock on', event.resources, event.error);
 * });
 * ```
 * @category Diagnostics
 */
export const lockChannels = {
  /** `redquorum:acquire`: an acquisition ended, with the lock or with its error. */
  acquire: channel('redquorum:acquire'),
  /**
   * `redquorum:attempt`: one attempt of an acquisition ended, with what each node answered
   * (`nodes`, errors and their causes included), whether or not another attempt follows; a
   * wait behind a holder in this process is an attempt too, with no nodes.
   */
  attempt: channel('redquorum:attempt'),
  /** `redquorum:extend`: one extension, manual or automatic, ended. */
  extend: channel('redquorum:extend'),
  /** `redquorum:release`: a release ended; `ok` is false when no node still held the lock. */
  release: channel('redquorum:release'),
  /**
   * `redquorum:lost`: a held lock was lost, as `lock.signal` aborts; `error` is the
   * {@link LockLostError}, `durationMs` is 0.
   */
  lost: channel('redquorum:lost'),
} as const;

/**
 * The message published on each channel of {@link lockChannels}.
 * @category Diagnostics
 */
export interface LockEvent {
  /** The lock's resources, without the key prefix, so events group by what the caller named. */
  readonly resources: readonly string[];
  /** Whether the operation did what was asked. */
  readonly ok: boolean;
  /** Monotonic ms the operation took. */
  readonly durationMs: number;
  /**
   * Acquire: attempts made, waits behind a holder in this process included. Attempt: this
   * attempt's number.
   */
  readonly attempts?: number;
  /** Attempt: what each node answered (empty for a wait behind a holder in this process). */
  readonly nodes?: readonly NodeOutcome[];
  /**
   * Acquire and release: the lock passed from one local holder to the next waiter, held in
   * Redis throughout, with no command sent.
   */
  readonly handedOver?: boolean;
  /** The error, when `ok` is false. */
  readonly error?: unknown;
}

/** Publishes `build()`'s event on a channel, building it only for subscribers. */
export function publish(name: keyof typeof lockChannels, build: () => LockEvent): void {
  const target = lockChannels[name];
  if (target.hasSubscribers) target.publish(build());
}
