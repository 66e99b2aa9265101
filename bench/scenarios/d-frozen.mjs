// D: acquire latency with one of five nodes frozen (SIGSTOP), against the same load healthy.
// 8 loops acquire fresh resources; each release is timed but not awaited, so that only the
// acquisition is on the measured path (a release may wait for the frozen node's timeout).
import { setTimeout as sleep } from 'node:timers/promises';
import { interleave, median, percentile, runLoops } from '../measure.mjs';
import { withInstances } from './instances.mjs';

const CONCURRENCY = 8;
const FROZEN = 4;

async function window(ctx, contender, instance, rep, state) {
  const acquireMs = [];
  const releaseMs = [];
  const releases = new Set();
  const run = await runLoops(CONCURRENCY, ctx.windowMs, async (loop, i) => {
    const t0 = performance.now();
    let lock;
    try {
      lock = await instance.acquire(`d:${contender.id}:${state}:${rep}:${loop}:${i}`);
    } catch {
      return false;
    }
    const t1 = performance.now();
    acquireMs.push(t1 - t0);
    const release = instance.release(lock).then(
      () => releaseMs.push(performance.now() - t1),
      () => undefined,
    );
    releases.add(release);
    void release.finally(() => releases.delete(release));
  });
  return { run, acquireMs, releaseMs, releases };
}

async function pair(ctx, contender, instance, rep) {
  const healthy = await window(ctx, contender, instance, rep, 'healthy');
  await Promise.all(healthy.releases);
  const node = ctx.nodes.at(FROZEN);
  await node.pause();
  let frozen;
  try {
    frozen = await window(ctx, contender, instance, rep, 'frozen');
  } finally {
    await node.resume();
  }
  await Promise.race([Promise.all(frozen.releases), sleep(3_000)]);
  const stats = ({ run, acquireMs, releaseMs }) => ({
    perSecond: run.perSecond,
    failures: run.failures,
    samples: acquireMs.length,
    p50: percentile(acquireMs, 50),
    p99: percentile(acquireMs, 99),
    releaseP99: percentile(releaseMs, 99),
  });
  return { healthy: stats(healthy), frozen: stats(frozen) };
}

export default {
  id: 'D',
  title: 'one of five nodes frozen: acquire latency',
  metric: 'ms',
  nodeCounts: [5],
  run: (base) => {
    const ctx = { ...base, windowMs: base.frozen.windowMs, reps: base.frozen.reps };
    return withInstances(ctx, ctx.contenders, async (instances) => {
      for (const contender of ctx.contenders) {
        const warm = { ...ctx, windowMs: ctx.warmupMs };
        await Promise.all(
          (await window(warm, contender, instances.get(contender.id), 0, 'w')).releases,
        );
      }
      const reps = await interleave(ctx.contenders, ctx.reps, (contender, rep) =>
        pair(ctx, contender, instances.get(contender.id), rep),
      );
      const med = (runs, state, field) => median(runs.map((r) => r[state][field]));
      return Object.fromEntries(
        Object.entries(reps).map(([id, runs]) => {
          const row = {};
          for (const state of ['healthy', 'frozen']) {
            for (const field of ['p50', 'p99', 'releaseP99', 'perSecond']) {
              row[`${state}${field[0].toUpperCase()}${field.slice(1)}`] = med(runs, state, field);
            }
            row[`${state}Samples`] = runs.reduce((a, r) => a + r[state].samples, 0);
            row[`${state}Failures`] = runs.reduce((a, r) => a + r[state].failures, 0);
          }
          row.value = row.frozenP99 / row.healthyP99;
          return [id, row];
        }),
      );
    });
  },
};
