// `pnpm demo`: N local Redis nodes, several workers contending through Redlock, a node frozen,
// one killed and restarted, one partitioned; then a summary and LockHistory's verdict.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  findRedisServer,
  LockHistory,
  RedisServerNotFoundError,
  startRedisNodes,
} from '../../packages/testing/dist/index.js';
import { demoArgs } from './args.mjs';
import { runFaults } from './faults.mjs';
import { seededRandom } from './random.mjs';
import { progressLine, summary } from './report.mjs';
import { runWorker } from './worker.mjs';

let settings;
try {
  settings = demoArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof RangeError)) throw error;
  console.error(error.message);
  process.exit(2);
}
try {
  findRedisServer();
} catch (error) {
  if (!(error instanceof RedisServerNotFoundError)) throw error;
  console.error(`The demo starts local Redis nodes and needs redis-server.\n${error.message}`);
  process.exit(1);
}

const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());
const timer = setTimeout(() => stop.abort(), settings.seconds * 1000);

const random = seededRandom(settings.seed);
const nodes = await startRedisNodes(settings.nodes, { proxy: true, persistence: 'aof-always' });
const tty = process.stdout.isTTY;
const log = (line) => process.stdout.write(`${tty ? '\r\x1b[K' : ''}${line}\n`);
log(`started ${settings.nodes} nodes: ${nodes.urls.join(' ')} (seed ${settings.seed})`);
try {
  const history = new LockHistory();
  const stats = {
    acquisitions: 0,
    failures: new Map(),
    latencies: [],
    holders: new Set(),
    maxFence: 0n,
    releaseErrors: new Map(),
  };
  const states = nodes.nodes.map(() => 'up');
  const resources = ['orders:1', 'orders:2', 'orders:3'];
  const start = performance.now();
  const progress = (async () => {
    let last = 0;
    while (!stop.signal.aborted) {
      await sleep(1000);
      const line = progressLine(stats, states, (performance.now() - start) / 1000, last);
      last = stats.acquisitions;
      if (tty) process.stdout.write(`\r\x1b[K${line}`);
      else log(line);
    }
  })();
  const workers = Array.from({ length: settings.workers }, (_, i) =>
    runWorker({
      name: `worker-${i}`,
      nodes,
      resources,
      random: seededRandom(settings.seed + i + 1),
      history,
      stats,
      stop: stop.signal,
    }),
  );
  await Promise.all([
    runFaults({ nodes, seconds: settings.seconds, random, states, stop: stop.signal, log }),
    ...workers,
    progress,
  ]);
  const report = history.check();
  log('');
  log(summary(stats, report, settings));
  for (const { first, second } of report.overlaps.examples) {
    log(
      `overlap on ${first.resource}: ${JSON.stringify({ first, second }, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`,
    );
  }
  process.exitCode = report.overlaps.count === 0 && report.fenceRegressions.count === 0 ? 0 : 2;
} finally {
  clearTimeout(timer);
  await nodes[Symbol.asyncDispose]();
}
