import { setTimeout as sleep } from 'node:timers/promises';
import { LockAcquireError, LockError, type Lock, type NodeOutcome } from '@redquorum/redlock';
import type { LockHistory, PermitHistory } from '@redquorum/testing';
import { between } from './mulberry32.js';

/** What one worker did. */
export interface WorkerStats {
  /** Locks acquired (each one a hold in the history). */
  acquired: number;
  /** Failed acquisitions, by `LockAcquireError.reason`. */
  failed: Record<string, number>;
  /**
   * Releases confirmed by no node, by error name: none held the lock any more
   * (`LockNotHeldError`), or too few answered to tell (`LockReleaseError`).
   */
  releaseFailures: Record<string, number>;
  /** The per-node outcomes of the first few of those, for the report. */
  releaseFailureSamples: string[];
  /** Locks whose signal reported a loss before their release. */
  lost: number;
  /** Longest acquire() and release() calls, settled or not, in ms. */
  maxAcquireMs: number;
  maxReleaseMs: number;
  /** Anything thrown that is not an expected operational outcome. */
  unexpected: unknown[];
}

/** Inputs of {@link runChaosWorker}. */
export interface ChaosWorker {
  readonly name: string;
  /** Takes a lock on `resource`: a Redlock's lock, or a semaphore's permits of it. */
  readonly acquire: (resource: string) => Promise<Lock>;
  /** Where holds go: a {@link LockHistory}, or a {@link PermitHistory} for permits. */
  readonly history: Pick<LockHistory | PermitHistory, 'track'>;
  readonly resources: readonly string[];
  readonly random: () => number;
  /** The worker finishes its current call and stops once this aborts. */
  readonly stop: AbortSignal;
}

/**
 * Acquires a random resource, holds it a few ms, releases it, again and again until `stop`.
 * Every hold goes to the history; every call's duration is measured.
 */
export async function runChaosWorker(worker: ChaosWorker): Promise<WorkerStats> {
  const stats: WorkerStats = {
    acquired: 0,
    failed: {},
    releaseFailures: {},
    releaseFailureSamples: [],
    lost: 0,
    maxAcquireMs: 0,
    maxReleaseMs: 0,
    unexpected: [],
  };
  while (!worker.stop.aborted) {
    const resource = worker.resources[between(worker.random, 0, worker.resources.length - 1)]!;
    const lock = await timedAcquire(worker.acquire, resource, stats);
    if (lock === undefined) continue;
    stats.acquired++;
    const end = worker.history.track(lock, worker.name);
    await sleep(between(worker.random, 1, 5)); // the protected work
    if (!lock.held) stats.lost++;
    await timedRelease(lock, stats);
    end();
  }
  return stats;
}

async function timedAcquire(
  acquire: ChaosWorker['acquire'],
  resource: string,
  stats: WorkerStats,
): Promise<Lock | undefined> {
  const t0 = performance.now();
  try {
    return await acquire(resource);
  } catch (error) {
    if (error instanceof LockAcquireError) {
      stats.failed[error.reason] = (stats.failed[error.reason] ?? 0) + 1;
    } else {
      stats.unexpected.push(error);
    }
    return undefined;
  } finally {
    stats.maxAcquireMs = Math.max(stats.maxAcquireMs, performance.now() - t0);
  }
}

async function timedRelease(lock: Lock, stats: WorkerStats): Promise<void> {
  const t0 = performance.now();
  try {
    await lock.release();
  } catch (error) {
    if (error instanceof LockError) {
      stats.releaseFailures[error.name] = (stats.releaseFailures[error.name] ?? 0) + 1;
      const { nodes } = error as { nodes?: readonly NodeOutcome[] };
      if (nodes !== undefined && stats.releaseFailureSamples.length < 10) {
        stats.releaseFailureSamples.push(nodes.map((node) => node.outcome).join(' '));
      }
    } else {
      stats.unexpected.push(error);
    }
  } finally {
    stats.maxReleaseMs = Math.max(stats.maxReleaseMs, performance.now() - t0);
  }
}
