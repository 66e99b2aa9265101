import { createClient, type RedisClientType } from 'redis';
import type { RedlockOptions } from '@redquorum/redlock';
import { Redlock } from '@redquorum/redlock';
import { LockHistory, startRedisNodes, type RedisNodes } from '@redquorum/testing';
import { childRedisServerPids } from '../helpers/processes.js';
import { settleWithin } from '../helpers/wait-for.js';
import { runChaosWorker, type WorkerStats } from './chaos-worker.js';
import { runFaultSchedule, type FaultEvent } from './fault-schedule.js';
import { mulberry32 } from './mulberry32.js';
import { runProcessWorker } from './process-worker.js';

/** How a worker's clients are made: as the harness makes them, or as node-redis ships them. */
export type ClientProfile = 'harness' | 'defaults';

/** Inputs of {@link runChaos}. */
export interface ChaosRun {
  readonly seed: number;
  readonly durationMs: number;
  readonly workers: number;
  readonly resources: readonly string[];
  /** Every worker's Redlock options. */
  readonly options: RedlockOptions;
  /** In-process worker `i` uses `profiles[i % length]`; process workers alternate the same. */
  readonly profiles: readonly ClientProfile[];
  /** Workers in their own OS processes, beside the in-process ones. */
  readonly processWorkers: number;
  /** The child processes' retry strategy (exponential backoff): functions cannot cross. */
  readonly backoff: { readonly initialMs: number; readonly maxMs: number };
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
  const opened: RedisClientType[] = [];
  try {
    await using nodes = await startRedisNodes(5, { persistence: 'aof-always', proxy: true });
    const stop = new AbortController();
    const runs: Promise<WorkerStats>[] = [];
    const profileOf = (i: number): ClientProfile => run.profiles[i % run.profiles.length]!;
    // The child processes rebuild the retry strategy from `backoff`: functions cannot cross.
    const plainOptions = { ...run.options, retry: undefined };
    for (let i = 0; i < run.processWorkers; i++) {
      runs.push(
        runProcessWorker({
          name: `process-${i}`,
          urls: nodes.urls,
          resources: run.resources,
          seed: run.seed + 1_000 + i,
          options: plainOptions,
          backoff: run.backoff,
          profile: profileOf(i),
          history,
          stop: stop.signal,
        }),
      );
    }
    for (let i = 0; i < run.workers; i++) {
      const clients =
        profileOf(i) === 'harness' ? await nodes.connect() : await defaultClients(nodes, opened);
      runs.push(
        runChaosWorker({
          name: `worker-${i}`,
          redlock: new Redlock(clients, run.options),
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
  } finally {
    await Promise.all(opened.map((client) => client.disconnect().catch(() => undefined)));
  }
  return { stats, events, history, orphans: childRedisServerPids() };
}

/** Clients as node-redis ships them (offline queue on, default reconnection), kept in `opened`. */
async function defaultClients(
  nodes: RedisNodes,
  opened: RedisClientType[],
): Promise<RedisClientType[]> {
  return Promise.all(
    nodes.urls.map(async (url) => {
      const client: RedisClientType = createClient({ url });
      client.on('error', () => undefined); // a killed node's resets are expected here
      opened.push(client);
      await client.connect();
      return client;
    }),
  );
}
