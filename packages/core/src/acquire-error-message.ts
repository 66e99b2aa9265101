import type { AcquireFailureReason, NodeOutcome } from './outcomes.js';

/** What a `LockAcquireError`'s message says. */
export interface AcquireFailure {
  readonly reason: AcquireFailureReason;
  readonly attempts: number;
  readonly nodes: readonly NodeOutcome[];
  readonly resources: readonly string[];
  readonly heldLocally: boolean;
  readonly timedOut: boolean;
}

/**
 * The message of a `LockAcquireError`: what was asked for, after how many attempts, why it
 * failed, and every node that did not say yes.
 */
export function acquireMessage(failure: AcquireFailure): string {
  const { reason, attempts, nodes, resources, heldLocally, timedOut } = failure;
  const on = resources.length === 0 ? '' : ` on ${resources.join(', ')}`;
  const when = timedOut ? 'acquireTimeoutMs passed; ' : '';
  const head = `could not acquire the lock${on} after ${attempts} attempt(s): ${when}`;
  if (heldLocally) return `${head}another acquisition in this process held it`;
  const why = {
    taken: timedOut
      ? 'every attempt found it held by another holder'
      : 'the resource is held by another holder',
    unreachable: 'too few nodes answered',
    validity: 'acquiring took longer than the lock is valid',
    timeout: 'no attempt succeeded',
  }[reason];
  const bad = nodes.filter((n) => n.outcome !== 'ok').map((n) => `node ${n.node}: ${n.outcome}`);
  const detail = bad.length > 0 ? ` (${bad.join(', ')})` : '';
  return `${head}${why}${detail}`;
}
