import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RedlockOptions } from '@redquorum/redlock';
import type { LockHistory } from '@redquorum/testing';
import type { WorkerStats } from './chaos-worker.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/chaos-process-worker.mjs', import.meta.url));

/** Inputs of {@link runProcessWorker}: what a worker in another OS process needs. */
export interface ProcessWorker {
  readonly name: string;
  readonly urls: readonly string[];
  readonly resources: readonly string[];
  readonly seed: number;
  /** Plain data only: the retry strategy is rebuilt in the child from `backoff`. */
  readonly options: Omit<RedlockOptions, 'retry'>;
  readonly backoff: { readonly initialMs: number; readonly maxMs: number };
  readonly profile: 'harness' | 'defaults';
  readonly history: LockHistory;
  readonly stop: AbortSignal;
}

/**
 * Runs a chaos worker in a child process (fixtures/chaos-process-worker.mjs), records each of
 * its holds in `history` as it reports them, and resolves with its stats once it has stopped.
 * Epoch times compare across processes: one machine, one clock.
 */
export async function runProcessWorker(worker: ProcessWorker): Promise<WorkerStats> {
  const { history, stop, ...config } = worker;
  const child = spawn(process.execPath, [FIXTURE, JSON.stringify(config)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const onStop = (): void => void child.stdin.write('stop\n');
  if (stop.aborted) onStop();
  else stop.addEventListener('abort', onStop, { once: true });

  let stats: WorkerStats | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    const message = JSON.parse(line) as {
      hold?: {
        resource: string;
        holder: string;
        acquiredAt: number;
        validUntil: number;
        releasedAt: number;
        fence?: string;
      };
      stats?: Omit<WorkerStats, 'releaseFailureSamples' | 'unexpected'>;
      unexpected?: string[];
    };
    if (message.hold !== undefined) {
      const { fence, ...hold } = message.hold;
      history.record({ ...hold, fence: fence === undefined ? undefined : BigInt(fence) });
    } else if (message.stats !== undefined) {
      stats = { ...message.stats, releaseFailureSamples: [], unexpected: message.unexpected ?? [] };
    }
  }
  const code = await exited;
  stop.removeEventListener('abort', onStop);
  if (stats === undefined || code !== 0) {
    throw new Error(`${worker.name} exited with ${String(code)} before its stats: ${stderr}`);
  }
  return stats;
}
