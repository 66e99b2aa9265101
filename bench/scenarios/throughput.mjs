// Acquire+release cycles per second with `concurrency` loops, each on fresh resources.
import { interleave, median, runLoops } from '../measure.mjs';
import { withInstances } from './instances.mjs';

export async function throughput(ctx, contenders, concurrency, tag) {
  return withInstances(ctx, contenders, async (instances) => {
    const window = (contender, windowMs, rep) => {
      const instance = instances.get(contender.id);
      return runLoops(concurrency, windowMs, async (loop, i) => {
        try {
          const lock = await instance.acquire(`${tag}:${contender.id}:${rep}:${loop}:${i}`);
          await instance.release(lock);
        } catch {
          return false;
        }
      });
    };
    for (const contender of contenders) await window(contender, ctx.warmupMs, 'warm');
    const reps = await interleave(contenders, ctx.reps, (contender, rep) =>
      window(contender, ctx.windowMs, rep),
    );
    return Object.fromEntries(
      Object.entries(reps).map(([id, runs]) => [
        id,
        {
          value: median(runs.map((r) => r.perSecond)),
          reps: runs.map((r) => Math.round(r.perSecond)),
          failures: runs.reduce((a, r) => a + r.failures, 0),
        },
      ]),
    );
  });
}
