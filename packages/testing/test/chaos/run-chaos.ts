import type { RedlockOptions } from '@redquorum/redlock';
import { Redlock } from '@redquorum/redlock';
import { LockHistory, startRedisNodes } from '@redquorum/testing';
import { childRedisServerPids } from '../helpers/processes.js';
import { settleWithin } from '../helpers/wait-for.js';
import { runChaosWorker, type WorkerStats } from './chaos-worker.js';
import { runFaultSchedule, type FaultEvent } from './fault-schedule.js';
import { mulberry32 } from './mulberry32.js';

/** Inputs of {@link runChaos}. */
export interface ChaosRun {
  readonly seed: number;
  readonly durationMs: number;
  readonly workers: number;
  readonly resources: readonly string[];
  /** Every worker's Redlock options. */
  readonly options: RedlockOptions;
  /** How long workers may take to finish their last call once told to stop. */
  readonly stopTimeoutMs: number;
}

/** What a chaos run leaves to check. */
export interface ChaosOutcome {
  /** Each worker's stats, or 'timeout' when they did not all stop in time. */
  readonly stats: WorkerStats[] | 'timeout';
  readonly events: FaultEvent[];
  readonly history: LockHistory;
  /** redis-server children of this process still alive after the nodes were disposed of. */
  readonly orphans: number[];
}

/**
 * Five AOF-always nodes behind fault proxies; `workers` workers, each with its own Redlock
 * and connections, contending for `resources` while the seeded fault schedule runs. The
 * nodes are disposed of before the orphan check.
 */
export async function runChaos(run: ChaosRun): Promise<ChaosOutcome> {
  const history = new LockHistory();
  let events: FaultEvent[];
  let stats: WorkerStats[] | 'timeout';
  {
    await using nodes = await startRedisNodes(5, { persistence: 'aof-always', proxy: true });
    const stop = new AbortController();
    const runs: Promise<WorkerStats>[] = [];
    for (let i = 0; i < run.workers; i++) {
      runs.push(
        runChaosWorker({
          name: `worker-${i}`,
          redlock: new Redlock(await nodes.connect(), run.options),
          history,
          resources: run.resources,
          random: mulberry32(run.seed + i + 1),
          stop: stop.signal,
        }),
      );
    }
    try {
      events = await runFaultSchedule(nodes, mulberry32(run.seed), run.durationMs);
    } finally {
      stop.abort();
      // Each worker finishes the call it is in, which is bounded.
      stats = await settleWithin(Promise.all(runs), run.stopTimeoutMs);
    }
  }
  return { stats, events, history, orphans: childRedisServerPids() };
}
