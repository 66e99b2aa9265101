import { randomUUID } from 'node:crypto';
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

export { waitFor } from '@redquorum/testing';

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
