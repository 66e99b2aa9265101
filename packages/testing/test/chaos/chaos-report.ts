import { writeFile } from 'node:fs/promises';
import type { HistoryReport, PermitReport } from '@redquorum/testing';
import type { WorkerStats } from './chaos-worker.js';
import { FAULT_KINDS, type FaultEvent, type FaultKind } from './fault-schedule.js';

/** What a chaos run did and found, in numbers (plus the fault log). */
export interface ChaosReport {
  readonly seed: number;
  readonly seconds: number;
  readonly faults: Record<FaultKind, number>;
  readonly acquired: number;
  /** Failed acquisitions, by reason. */
  readonly failed: Record<string, number>;
  /** Releases confirmed by no node, by error name, and a few of their per-node outcomes. */
  readonly releaseFailures: Record<string, number>;
  readonly releaseFailureSamples: readonly string[];
  readonly lost: number;
  readonly holds: number;
  readonly overlaps: number;
  readonly fenceRegressions: number;
  readonly maxAcquireMs: number;
  readonly maxReleaseMs: number;
  /** The semaphore workers: their acquisitions and what the permit checker found. */
  readonly semaphore: SemaphoreReport;
  /** Unexpected errors of every worker, lock and semaphore ones. */
  readonly unexpected: readonly string[];
  readonly orphans: readonly number[];
  readonly events: readonly FaultEvent[];
}

/** What the semaphore workers did, and the permit checker's findings. */
export interface SemaphoreReport {
  readonly acquired: number;
  readonly failed: Record<string, number>;
  readonly lost: number;
  /** Permit holds: one per permit of each acquisition. */
  readonly holds: number;
  readonly overAdmissions: number;
  /** The most permits valid at once, and the limit it must not pass. */
  readonly peak: number;
  readonly limit: number;
  readonly maxAcquireMs: number;
  readonly maxReleaseMs: number;
}

/** Adds up counts by key. */
function tally(counts: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const record of counts) {
    for (const [key, n] of Object.entries(record)) total[key] = (total[key] ?? 0) + n;
  }
  return total;
}

/** The longest call of some kind over all `stats`, in whole ms. */
function slowest(stats: readonly WorkerStats[], kind: 'maxAcquireMs' | 'maxReleaseMs'): number {
  return Math.round(Math.max(0, ...stats.map((s) => s[kind])));
}

/** Sums up the workers' stats, the fault log and the checker's findings. */
export function chaosReport(input: {
  readonly seed: number;
  readonly seconds: number;
  readonly stats: readonly WorkerStats[];
  readonly events: readonly FaultEvent[];
  readonly history: HistoryReport;
  readonly semaphoreStats: readonly WorkerStats[];
  readonly permits: PermitReport;
  readonly limit: number;
  readonly orphans: readonly number[];
}): ChaosReport {
  const { stats, events, history, semaphoreStats, permits } = input;
  const faults = Object.fromEntries(
    FAULT_KINDS.map((kind) => [kind, events.filter((event) => event.kind === kind).length]),
  ) as Record<FaultKind, number>;
  return {
    seed: input.seed,
    seconds: input.seconds,
    faults,
    acquired: stats.reduce((total, s) => total + s.acquired, 0),
    failed: tally(stats.map((s) => s.failed)),
    releaseFailures: tally(stats.map((s) => s.releaseFailures)),
    releaseFailureSamples: stats.flatMap((s) => s.releaseFailureSamples),
    lost: stats.reduce((total, s) => total + s.lost, 0),
    holds: history.holds,
    overlaps: history.overlaps.count,
    fenceRegressions: history.fenceRegressions.count,
    maxAcquireMs: slowest(stats, 'maxAcquireMs'),
    maxReleaseMs: slowest(stats, 'maxReleaseMs'),
    semaphore: {
      acquired: semaphoreStats.reduce((total, s) => total + s.acquired, 0),
      failed: tally(semaphoreStats.map((s) => s.failed)),
      lost: semaphoreStats.reduce((total, s) => total + s.lost, 0),
      holds: permits.holds,
      overAdmissions: permits.overAdmissions.count,
      peak: Math.max(0, ...permits.peaks.map((p) => p.peak)),
      limit: input.limit,
      maxAcquireMs: slowest(semaphoreStats, 'maxAcquireMs'),
      maxReleaseMs: slowest(semaphoreStats, 'maxReleaseMs'),
    },
    unexpected: [...stats, ...semaphoreStats].flatMap((s) => s.unexpected.map(String)),
    orphans: input.orphans,
    events,
  };
}

/**
 * Writes `report` as JSON to the path in `CHAOS_REPORT`, for long runs to be summarised;
 * without that variable it writes nothing (tests print nothing, and leave nothing behind).
 */
export async function writeChaosReport(report: ChaosReport): Promise<void> {
  const path = process.env['CHAOS_REPORT'];
  if (path === undefined || path === '') return;
  await writeFile(path, `${JSON.stringify(report)}\n`);
}
