// C: 8 workers contend for one resource, each with its own lock manager and connections (as if
// 8 processes): acquisitions per second and how evenly they were shared (Jain's index).
import { interleave, jain, median, runLoops } from '../measure.mjs';

const WORKERS = 8;

async function window(ctx, contender, rep) {
  const workers = [];
  try {
    for (let w = 0; w < WORKERS; w++) workers.push(await contender.create(ctx.urls, ctx.options));
    const counts = new Array(WORKERS).fill(0);
    const run = await runLoops(WORKERS, ctx.windowMs, async (w) => {
      try {
        const lock = await workers[w].acquire(`c:${contender.id}:${rep}`);
        counts[w]++;
        await workers[w].release(lock);
      } catch {
        return false;
      }
    });
    return {
      perSecond: run.perSecond,
      failures: run.failures,
      fairness: jain(counts),
      // The worst-served worker's share, as a fraction of a fair share (1 = fair).
      minShare:
        (Math.min(...counts) * WORKERS) /
        Math.max(
          1,
          counts.reduce((a, b) => a + b, 0),
        ),
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
  }
}

export default {
  id: 'C',
  title: '8 workers (separate managers) contending for one resource',
  metric: 'cycles/s',
  nodeCounts: [1, 5],
  run: async (ctx) => {
    const reps = await interleave(ctx.contenders, ctx.reps, (contender, rep) =>
      window(ctx, contender, rep),
    );
    return Object.fromEntries(
      Object.entries(reps).map(([id, runs]) => {
        const med = (field) => median(runs.map((r) => r[field]));
        return [
          id,
          {
            value: med('perSecond'),
            reps: runs.map((r) => Math.round(r.perSecond)),
            fairness: med('fairness'),
            minShare: med('minShare'),
            failures: runs.reduce((a, r) => a + r.failures, 0),
          },
        ];
      }),
    );
  },
};
