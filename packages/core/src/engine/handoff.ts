import type { HeldKeys } from '../backend/lock-backend.js';

/** A held lock passed from one local holder to the next waiter, still held in Redis. */
export interface Handoff {
  /** The keys and the token they hold. */
  readonly held: HeldKeys;
  /** Monotonic time until which the lock is valid, as computed at its last acquire or extend. */
  readonly validUntilMono: number;
  /** Monotonic time the lock was acquired in Redis, before any handoff. */
  readonly chainStartedAt: number;
}

/**
 * A lock is handed to the next local waiter only while this share of the waiter's ttl is
 * still valid: about what a fresh acquisition would give it (validity is the ttl less the
 * drift margin and the round trip), at no Redis command.
 */
export const HANDOFF_MIN_VALID_SHARE = 0.9;

/**
 * Whether a waiter asking for `ttlMs` takes a lock handed over at monotonic time `now`: enough
 * validity left, and a chain of handoffs younger than the ttl, so that a busy process cannot
 * keep a resource from other processes by passing it around forever.
 */
export function acceptsHandoff(handoff: Handoff, ttlMs: number, now: number): boolean {
  return (
    handoff.validUntilMono - now >= ttlMs * HANDOFF_MIN_VALID_SHARE &&
    now - handoff.chainStartedAt < ttlMs
  );
}
