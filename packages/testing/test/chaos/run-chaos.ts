import { createClient, type RedisClientType } from 'redis';
import type { RedlockOptions } from '@redquorum/redlock';
import { Redlock, RedlockSemaphore } from '@redquorum/redlock';
import { LockHistory, PermitHistory, startRedisNodes, type RedisNodes } from '@redquorum/testing';
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
  /**
   * Semaphore workers, beside the lock workers: each its own `RedlockSemaphore` (the same
   * options, and `limit`) over the same nodes, taking `permits[i % length]` permits of
   * `resource`; worker `i` uses `profiles[i % length]`.
   */
  readonly semaphore: {
    readonly workers: number;
    readonly limit: number;
    readonly permits: readonly number[];
    readonly resource: string;
  };
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
  /** The semaphore workers' stats, or 'timeout' as for `stats`. */
  readonly semaphoreStats: WorkerStats[] | 'timeout';
  /** The semaphore workers' permit holds. */
  readonly permits: PermitHistory;
  /** redis-server children of this process still alive after the nodes were disposed of. */
  readonly orphans: number[];
}

/**
 * Five AOF-always nodes behind fault proxies; `workers` workers, each with its own Redlock
 * and connections, contending for `resources`, and semaphore workers for the permits of one
 * semaphore, while the seeded fault schedule runs. The nodes are disposed of before the
 * orphan check.
 */
export async function runChaos(run: ChaosRun): Promise<ChaosOutcome> {
  const history = new LockHistory();
  const permits = new PermitHistory({ limit: run.semaphore.limit });
  let events: FaultEvent[];
  let stats: WorkerStats[] | 'timeout';
  let semaphoreStats: WorkerStats[] | 'timeout';
  const opened: RedisClientType[] = [];
  try {
    await using nodes = await startRedisNodes(5, { persistence: 'aof-always', proxy: true });
    const stop = new AbortController();
    const runs: Promise<WorkerStats>[] = [];
    const semaphoreRuns: Promise<WorkerStats>[] = [];
    const profileOf = (i: number): ClientProfile => run.profiles[i % run.profiles.length]!;
    const clientsOf = (i: number): Promise<RedisClientType[]> =>
      profileOf(i) === 'harness' ? nodes.connect() : defaultClients(nodes, opened);
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
      const redlock = new Redlock(await clientsOf(i), run.options);
      runs.push(
        runChaosWorker({
          name: `worker-${i}`,
          acquire: (resource) => redlock.acquire(resource),
          history,
          resources: run.resources,
          random: mulberry32(run.seed + i + 1),
          stop: stop.signal,
        }),
      );
    }
    const { limit, resource } = run.semaphore;
    for (let i = 0; i < run.semaphore.workers; i++) {
      const semaphore = new RedlockSemaphore(await clientsOf(i), { ...run.options, limit });
      const count = run.semaphore.permits[i % run.semaphore.permits.length]!;
      semaphoreRuns.push(
        runChaosWorker({
          name: `semaphore-${i}`,
          acquire: (name) => semaphore.acquire(name, { permits: count }),
          history: permits,
          resources: [resource],
          random: mulberry32(run.seed + 2_000 + i),
          stop: stop.signal,
        }),
      );
    }
    try {
      events = await runFaultSchedule(nodes, mulberry32(run.seed), run.durationMs);
    } finally {
      stop.abort();
      // Each worker finishes the call it is in, which is bounded.
      const settled = await settleWithin(
        Promise.all([Promise.all(runs), Promise.all(semaphoreRuns)]),
        run.stopTimeoutMs,
      );
      stats = settled === 'timeout' ? settled : settled[0];
      semaphoreStats = settled === 'timeout' ? settled : settled[1];
    }
  } finally {
    await Promise.all(opened.map((client) => client.disconnect().catch(() => undefined)));
  }
  return { stats, semaphoreStats, events, history, permits, orphans: childRedisServerPids() };
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
