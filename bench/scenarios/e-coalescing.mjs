// E: 100 local acquirers of one resource, each acquire, 1 ms of work, release, in a loop. Redis
// commands per successful acquisition, from INFO commandstats over the window, with coalescing on
// and off. (With no work at all, the releaser re-acquires at once and hardly anyone contends.)
import { setTimeout as sleep } from 'node:timers/promises';
import { interleave, median, runLoops } from '../measure.mjs';
import { commandCounts, resetStats, sentCalls, totalCalls } from '../redis-stats.mjs';
import { withInstances } from './instances.mjs';

const ACQUIRERS = 100;
const HOLD_MS = 1;

async function window(ctx, contender, instance, rep) {
  await resetStats(ctx.admins);
  let acquired = 0;
  const run = runLoops(ACQUIRERS, ctx.windowMs, async () => {
    try {
      const lock = await instance.acquire(`e:${contender.id}:${rep}`);
      acquired++;
      await sleep(HOLD_MS);
      await instance.release(lock);
    } catch {
      return false;
    }
  });
  // Counted at the end of the window, before the acquirers still waiting drain out.
  await new Promise((resolve) => setTimeout(resolve, ctx.windowMs));
  const atEnd = acquired;
  const counts = await commandCounts(ctx.admins);
  const { failures } = await run;
  return {
    perSecond: (atEnd * 1000) / ctx.windowMs,
    failures,
    sentPerAcquisition: sentCalls(counts, contender.directCommands) / atEnd,
    callsPerAcquisition: totalCalls(counts) / atEnd,
  };
}

export default {
  id: 'E',
  title: '100 local acquirers of one resource: Redis commands per acquisition',
  metric: 'commands/acquisition',
  nodeCounts: [1, 5],
  run: (ctx) =>
    withInstances(ctx, ctx.eContenders, async (instances) => {
      const reps = await interleave(ctx.eContenders, ctx.reps, (contender, rep) =>
        window(ctx, contender, instances.get(contender.id), rep),
      );
      return Object.fromEntries(
        Object.entries(reps).map(([id, runs]) => {
          const med = (field) => median(runs.map((r) => r[field]));
          return [
            id,
            {
              value: med('sentPerAcquisition'),
              callsPerAcquisition: med('callsPerAcquisition'),
              perSecond: med('perSecond'),
              failures: runs.reduce((a, r) => a + r.failures, 0),
            },
          ];
        }),
      );
    }),
};
