// The chaos suite: workers with their own Redlock and connections contend for a few resources
// on 5 AOF-always nodes while a seeded schedule breaks nodes every way the harness can: kill
// and restart, pause, partition a minority, latency with jitter, connection resets, and once a
// majority partition. Mutual exclusion and fences must survive all of it. Half the in-process
// workers use clients as node-redis ships them (offline queue on), half as the harness makes
// them; two more workers run in their own OS processes; resource names are hostile. Four
// semaphore workers (RedlockSemaphore, limit 3, taking 1 or 2 permits, on both client
// profiles) contend for one semaphore meanwhile: never more than 3 permits at once.
// CHAOS_SECONDS and CHAOS_SEED make longer or replayed runs; CHAOS_REPORT names a file for
// the counts (JSON), written only when set.
import { expect, test } from 'vitest';
import { exponentialBackoff, type RedlockOptions } from '@redquorum/redlock';
import { chaosReport, writeChaosReport } from '../chaos/chaos-report.js';
import { runChaos } from '../chaos/run-chaos.js';

function envInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(raw)}`);
  }
  return value;
}

const SEED = envInteger('CHAOS_SEED', 20_251_125);
const SECONDS = envInteger('CHAOS_SECONDS', 40);
const PROCESS_WORKERS = envInteger('CHAOS_PROCESS_WORKERS', 2);
// A newline, the prefix inside a name, braces (hash tags), a fence-counter suffix, non-ASCII.
const RESOURCES = ['alpha', 'b\nchaos:c', 'x}', 'x}:fence', '{tag}:β'];
const BACKOFF = { initialMs: 5, maxMs: 200 };
const NODE_TIMEOUT_MS = 75;
const ACQUIRE_TIMEOUT_MS = 1_000;
const OPTIONS: RedlockOptions = {
  ttlMs: 1_500,
  nodeTimeoutMs: NODE_TIMEOUT_MS,
  acquireTimeoutMs: ACQUIRE_TIMEOUT_MS,
  retry: exponentialBackoff(BACKOFF),
  fencing: true,
  restartGuard: 'on',
  keyPrefix: 'chaos:',
};
// Permits per worker: both profiles take 1, and both take 2.
const SEMAPHORE = { workers: 4, limit: 3, permits: [1, 1, 2, 2], resource: 'sem:β' };
// Two cores shared with the five nodes (and whatever else runs): timers fire late.
const SCHEDULING_SLACK_MS = 1_000;
// An attempt may start just before the deadline: its votes, a fence write-back, a release.
const ACQUIRE_BOUND_MS = ACQUIRE_TIMEOUT_MS + 4 * NODE_TIMEOUT_MS + SCHEDULING_SLACK_MS;
// A semaphore's round tries up to `limit` slot sets, each one such attempt.
const SEMAPHORE_ACQUIRE_BOUND_MS =
  ACQUIRE_TIMEOUT_MS + SEMAPHORE.limit * 4 * NODE_TIMEOUT_MS + SCHEDULING_SLACK_MS;
// Release waits for every node, each bounded by one node timeout.
const RELEASE_BOUND_MS = 2 * NODE_TIMEOUT_MS + SCHEDULING_SLACK_MS;

test(
  'chaos: 4 workers + 2 processes + 4 semaphore workers, hostile names, 5 nodes under faults',
  {
    timeout: SECONDS * 1_000 + 120_000,
  },
  async () => {
    const context = `chaos seed ${SEED} (replay: CHAOS_SEED=${SEED} CHAOS_SECONDS=${SECONDS})`;
    const outcome = await runChaos({
      seed: SEED,
      durationMs: SECONDS * 1_000,
      workers: 4,
      processWorkers: PROCESS_WORKERS,
      profiles: ['harness', 'defaults'],
      backoff: BACKOFF,
      resources: RESOURCES,
      options: OPTIONS,
      semaphore: SEMAPHORE,
      stopTimeoutMs: SEMAPHORE_ACQUIRE_BOUND_MS + RELEASE_BOUND_MS,
    }).catch((error: unknown) => {
      throw new Error(`${context}: the run failed`, { cause: error });
    });
    expect(outcome.stats, `${context}: workers still running`).not.toBe('timeout');
    const stats = outcome.stats === 'timeout' ? [] : outcome.stats;
    const semaphoreStats = outcome.semaphoreStats === 'timeout' ? [] : outcome.semaphoreStats;
    const history = outcome.history.check();
    const permits = outcome.permits.check();
    const report = chaosReport({
      ...outcome,
      seed: SEED,
      seconds: SECONDS,
      stats,
      history,
      semaphoreStats,
      permits,
      limit: SEMAPHORE.limit,
    });
    await writeChaosReport(report);

    expect(history.overlaps.examples, `${context}: overlapping holds`).toEqual([]);
    expect(history.fenceRegressions.examples, `${context}: fence regressions`).toEqual([]);
    // A loss signalled a little late (a busy event loop) may overlap the next holder: fencing
    // must then have neutralised it.
    const unfenced = history.overruns.examples.filter((overrun) => !overrun.neutralisedByFencing);
    expect(unfenced, `${context}: overruns not neutralised by fencing`).toEqual([]);
    expect(report.unexpected, `${context}: unexpected errors`).toEqual([]);
    expect(report.maxAcquireMs, `${context}: slowest acquire()`).toBeLessThan(ACQUIRE_BOUND_MS);
    expect(report.maxReleaseMs, `${context}: slowest release()`).toBeLessThan(RELEASE_BOUND_MS);
    expect(outcome.orphans, `${context}: redis-server processes left`).toEqual([]);
    expect(report.holds, `${context}: every acquisition recorded`).toBe(report.acquired);
    expect(report.acquired, `${context}: acquisitions`).toBeGreaterThan(Math.min(100, SECONDS * 5));
    expect(report.faults['majority-partition'], `${context}: majority partitions`).toBe(1);

    const { semaphore } = report;
    expect(permits.overAdmissions.examples, `${context}: over-admissions`).toEqual([]);
    expect(semaphore.acquired, `${context}: semaphore acquisitions`).toBeGreaterThan(
      Math.min(50, SECONDS * 2),
    );
    // Each acquisition is one hold per permit taken: 1 or 2.
    expect(semaphore.holds, `${context}: every permit recorded`).toBeGreaterThan(
      semaphore.acquired,
    );
    expect(semaphore.holds).toBeLessThan(2 * semaphore.acquired);
    expect(semaphore.maxAcquireMs, `${context}: slowest semaphore acquire()`).toBeLessThan(
      SEMAPHORE_ACQUIRE_BOUND_MS,
    );
    expect(semaphore.maxReleaseMs, `${context}: slowest permit release()`).toBeLessThan(
      RELEASE_BOUND_MS,
    );
  },
);
