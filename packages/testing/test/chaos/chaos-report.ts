import { writeFile } from 'node:fs/promises';
import type { HistoryReport } from '@redquorum/testing';
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
  readonly unexpected: readonly string[];
  readonly orphans: readonly number[];
  readonly events: readonly FaultEvent[];
}

/** Adds up counts by key. */
function tally(counts: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const record of counts) {
    for (const [key, n] of Object.entries(record)) total[key] = (total[key] ?? 0) + n;
  }
  return total;
}

/** Sums up the workers' stats, the fault log and the checker's findings. */
export function chaosReport(input: {
  readonly seed: number;
  readonly seconds: number;
  readonly stats: readonly WorkerStats[];
  readonly events: readonly FaultEvent[];
  readonly history: HistoryReport;
  readonly orphans: readonly number[];
}): ChaosReport {
  const { stats, events, history } = input;
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
    maxAcquireMs: Math.round(Math.max(0, ...stats.map((s) => s.maxAcquireMs))),
    maxReleaseMs: Math.round(Math.max(0, ...stats.map((s) => s.maxReleaseMs))),
    unexpected: stats.flatMap((s) => s.unexpected.map(String)),
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
