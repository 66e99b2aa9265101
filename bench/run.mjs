// `pnpm bench [--quick] [--only=A,B] [--n=5] [--contenders=floor,redquorum] [--reps=9]
// [--window=500] [--seed=16]`: starts five
// redis-server nodes, runs the scenarios, stops every node. A full run writes
// results/latest.{json,md,svg}; --quick writes results/quick.*, a partial run results/partial.*
// (both git-ignored).
import { cpus, loadavg } from 'node:os';
import { startRedisNodes } from '@redquorum/testing';
import { contenders, contendersFor, redquorumNoCoalesce } from './contenders/index.mjs';
import { addRatios, targets, writeReport } from './report.mjs';
import scenarioA from './scenarios/a-sequential.mjs';
import scenarioB from './scenarios/b-concurrent.mjs';
import scenarioC from './scenarios/c-contended.mjs';
import scenarioD from './scenarios/d-frozen.mjs';
import scenarioE from './scenarios/e-coalescing.mjs';
import scenarioF from './scenarios/f-held.mjs';
import scenarioG from './scenarios/g-semaphore.mjs';
import { redisVersion, versions } from './versions.mjs';

const SCENARIOS = [scenarioA, scenarioB, scenarioD, scenarioE, scenarioC, scenarioF, scenarioG];

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const flag = (name) => args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const quick = args.includes('--quick');
const only = flag('only')?.toUpperCase().split(',');
const onlyN = flag('n')?.split(',').map(Number);
const onlyContenders = flag('contenders')?.split(',');
const pick = (list) => (onlyContenders ? list.filter((c) => onlyContenders.includes(c.id)) : list);
const settings = {
  ...(quick
    ? { windowMs: 300, warmupMs: 100, reps: 1, ttlMs: 10_000, acquireTimeoutMs: 1_000 }
    : { windowMs: 500, warmupMs: 500, reps: 9, ttlMs: 10_000, acquireTimeoutMs: 2_000 }),
  // A and B decide targets a few percent either side of the floor on a noisy machine: more
  // repetitions narrow the median of their paired ratios.
  abReps: quick ? 1 : 15,
  ...(flag('reps') === undefined
    ? {}
    : { reps: Number(flag('reps')), abReps: Number(flag('reps')) }),
  ...(flag('window') === undefined ? {} : { windowMs: Number(flag('window')) }),
};
// D: longer windows. A frozen node is known to be unresponsive only once a call to it has gone
// unanswered for nodeTimeoutMs (200 ms here); the window should be mostly the frozen state, not
// that first stretch.
const frozen = {
  windowMs: flag('window') === undefined ? (quick ? 300 : 1_500) : settings.windowMs,
  reps: flag('reps') === undefined ? (quick ? 1 : 5) : settings.reps,
};
// G's faults phase: the seed of its crash schedule, the same for every library.
const seed = flag('seed') === undefined ? 16 : Number(flag('seed'));
// F: the window spans the first extension round (at half the validity).
const held = quick
  ? { locks: 1_000, ttlMs: 4_000, windowMs: 2_500 }
  : { locks: 10_000, ttlMs: 10_000, windowMs: 7_000 };

let nodes;
async function stopNodes() {
  const running = nodes;
  nodes = undefined;
  await running?.[Symbol.asyncDispose]();
}
function bail(why, code) {
  console.error(why);
  void stopNodes().finally(() => process.exit(code));
}
process.once('SIGINT', () => bail('\ninterrupted: stopping redis-server nodes', 130));
process.once('SIGTERM', () => bail('\nterminated: stopping redis-server nodes', 143));
process.on('unhandledRejection', (error) => bail(error, 1));

async function main() {
  const t0 = performance.now();
  nodes = await startRedisNodes(5);
  const admins = await nodes.connect();
  const results = {
    mode: quick ? 'quick' : 'full',
    date: new Date().toISOString(),
    node: process.version,
    redis: await redisVersion(admins[0]),
    cpus: cpus().length,
    loadavg: loadavg(),
    settings: {
      ...settings,
      held,
      frozen,
      ioredisCommandTimeoutMs: 200,
      semaphoreFaults: { ...scenarioG.faults, seed },
    },
    versions: await versions([...contenders, redquorumNoCoalesce]),
    contenders: [...contenders, redquorumNoCoalesce].map(({ id, label }) => ({ id, label })),
    scenarios: {},
  };
  for (const scenario of SCENARIOS) {
    if (only && !only.includes(scenario.id)) continue;
    const entry = { title: scenario.title, metric: scenario.metric, byN: {} };
    results.scenarios[scenario.id] = entry;
    // A scenario's `onRequestNodeCounts` run only when --n names them.
    const nodeCounts = [...scenario.nodeCounts, ...(scenario.onRequestNodeCounts ?? [])];
    for (const n of nodeCounts.sort((a, b) => a - b)) {
      if (onlyN ? !onlyN.includes(n) : !scenario.nodeCounts.includes(n)) continue;
      await Promise.all(admins.map((admin) => admin.flushAll()));
      const ctx = {
        ...settings,
        n,
        nodes,
        urls: nodes.urls.slice(0, n),
        admins: admins.slice(0, n),
        options: { ttlMs: settings.ttlMs, acquireTimeoutMs: settings.acquireTimeoutMs },
        contenders: pick(contendersFor(n)),
        eContenders: pick(
          quick
            ? [contendersFor(n).find((c) => c.id === 'redquorum'), redquorumNoCoalesce]
            : [...contendersFor(n).filter((c) => c.id !== 'redquorum-locker'), redquorumNoCoalesce],
        ),
        held,
        frozen,
        quick,
        seed,
        onlyContenders,
      };
      const started = performance.now();
      entry.byN[n] = await scenario.run(ctx);
      const took = ((performance.now() - started) / 1000).toFixed(1);
      console.error(`${scenario.id} N=${n} done in ${took} s`);
    }
  }
  addRatios(results);
  results.targets = targets(results);
  results.seconds = Math.round((performance.now() - t0) / 1000);
  const partial = only || onlyN || onlyContenders || flag('reps') || flag('window');
  const name = partial ? 'partial' : quick ? 'quick' : 'latest';
  console.log(await writeReport(results, name));
  console.error(`finished in ${results.seconds} s; results in bench/results/${name}.*`);
}

try {
  await main();
} finally {
  await stopNodes();
}
process.exit(process.exitCode ?? 0);
