import { channel } from 'node:diagnostics_channel';

/**
 * Channels on `node:diagnostics_channel`, so tracing can subscribe without a dependency:
 * `redquorum:acquire`, `redquorum:extend`, `redquorum:release`, `redquorum:lost`.
 * Messages are {@link LockEvent} objects; nothing is built when nobody listens.
 */
export const lockChannels = {
  acquire: channel('redquorum:acquire'),
  extend: channel('redquorum:extend'),
  release: channel('redquorum:release'),
  lost: channel('redquorum:lost'),
} as const;

/** The message published on each channel of {@link lockChannels}. */
export interface LockEvent {
  readonly resources: readonly string[];
  /** Whether the operation did what was asked. */
  readonly ok: boolean;
  /** Monotonic ms the operation took. */
  readonly durationMs: number;
  /** Attempts made (acquire only). */
  readonly attempts?: number;
  /** The error, when `ok` is false. */
  readonly error?: unknown;
}

/** Publishes `build()`'s event on a channel, building it only for subscribers. */
export function publish(name: keyof typeof lockChannels, build: () => LockEvent): void {
  const target = lockChannels[name];
  if (target.hasSubscribers) target.publish(build());
}
