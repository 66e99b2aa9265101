import { LockLostError } from '../errors.js';
import type { Lock } from './lock.js';
import type { LockedWork } from './lock-manager.js';

/**
 * The body of `using()`: runs `work` under `lock` and releases it whatever happens. `work`'s
 * own error wins over a failed release. A lock lost before `work` finished rejects with its
 * {@link LockLostError} even when `work` resolved: the work may have run unprotected.
 */
export async function runLocked<T>(lock: Lock, work: LockedWork<T>): Promise<T> {
  let result: T;
  try {
    result = await work(lock.signal, lock);
  } catch (error) {
    await lock[Symbol.asyncDispose]().catch(() => undefined);
    throw error;
  }
  // Lost (not released by the work itself): the work may have run unprotected; say so.
  const ended: unknown = lock.signal.reason;
  let releaseFailure: unknown;
  let released = true;
  await lock[Symbol.asyncDispose]().catch((error: unknown) => {
    released = false;
    releaseFailure = error;
  });
  if (ended instanceof LockLostError) throw ended;
  if (!released) throw releaseFailure;
  return result;
}
