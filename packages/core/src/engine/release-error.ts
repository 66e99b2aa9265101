import { clientFailureOf } from '../client/client-side-error.js';
import { releaseDecision } from '../decision/quorum-decision.js';
import { LockNotHeldError, LockReleaseError } from '../errors.js';
import type { NodeOutcome } from '../outcomes.js';

/**
 * Why a release that no node confirmed failed: the client itself failed (its error), nobody
 * held the lock (`releaseDecision` says `not-held`), or nodes did not answer.
 */
export function releaseError(resources: readonly string[], nodes: readonly NodeOutcome[]): Error {
  const client = clientFailureOf(nodes);
  if (client !== undefined) return client.cause instanceof Error ? client.cause : client;
  const names = resources.join(', ');
  if (releaseDecision(nodes) === 'not-held') {
    return new LockNotHeldError(`no node still held the lock on ${names}`, nodes);
  }
  return new LockReleaseError(`no node confirmed the release of the lock on ${names}`, nodes);
}
