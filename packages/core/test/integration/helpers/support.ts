import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisClientType } from 'redis';
import type { RedisNodes } from '@redquorum/testing';

/** A resource name no other test uses, so tests never need FLUSHALL. */
export function uniqueName(label: string): string {
  return `it:${label}:${randomUUID()}`;
}

/** Connects one more client to the single node of `nodes`. */
export async function connectOne(nodes: RedisNodes): Promise<RedisClientType> {
  const [client] = await nodes.connect();
  if (client === undefined) throw new Error('no client');
  return client;
}

/**
 * Polls `check` until it returns true without throwing, or fails once `timeoutMs` has passed.
 * A throw counts as "not yet"; the last one becomes the timeout error's cause.
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what = 'condition',
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() >= deadline) {
      throw new Error(`${what} not met within ${timeoutMs} ms`, { cause: lastError });
    }
    await sleep(10);
  }
}

/** The error a promise rejects with; fails when it resolves instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, got a value');
}

/**
 * Collects unhandled rejections while a test runs (vitest would fail the run on them too,
 * but later and without saying which test). Dispose to stop collecting.
 */
export function collectUnhandledRejections(): { readonly reasons: unknown[] } & Disposable {
  const reasons: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    reasons.push(reason);
  };
  process.on('unhandledRejection', onRejection);
  return {
    reasons,
    [Symbol.dispose]: () => {
      process.off('unhandledRejection', onRejection);
    },
  };
}
