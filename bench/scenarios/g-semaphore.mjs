// G: semaphores at limit 4, 64 loops on one resource. Healthy: cycles/s; fairness over the
// loops (Jain's index, fewest and most acquisitions of one loop, medians over the windows); and
// over-admission — how many acquisitions resolved while `limit` holders of this process already
// held a permit (each loop holds from its acquire's resolution to its release call; one event
// loop, so the count is exact). Then, at N ≥ 3, the faults phases (g-faults.mjs): the same
// seeded node crashes for every library, over-admissions counted by PermitHistory.
import { semaphoreContenders } from '../contenders/semaphores.mjs';
import { interleave, jain, median, runLoops } from '../measure.mjs';
import { faultsPhase } from './g-faults.mjs';

const LIMIT = 4;
const LOOPS = 64;

// Every ~300 ms one node goes down. `crashes`: killed, restarted empty ~100 ms later, the
// healthy phase's work (none). `longHolds`: the same with 500 ms of work, so that holders
// outlive several restarts: a library that counts holders on each node then forgets some.
// `pauses`: frozen for ~300 ms (past the 200 ms node timeouts), nothing lost, 20 ms of work:
// a paused node answers its backlog late and in another order than the others, so counts per
// node drift apart. ttl 1 s for both libraries: redquorum's restart guard keeps a restarted
// node's votes out for the longest ttl, and at the bench's 10 s every node would be out.
const FAULTS = { everyMs: 300, ttlMs: 1_000, acquireTimeoutMs: 1_000 };
const FAULT_PHASES = [
  { id: 'crashes', fault: 'crash', downMs: 100, workMs: 0, windowMs: 2_000, quickWindowMs: 1_000 },
  // Not in --quick: in windows short enough for CI they seldom show anything.
  { id: 'longHolds', fault: 'crash', downMs: 100, workMs: 500, windowMs: 4_000 },
  { id: 'pauses', fault: 'pause', downMs: 300, workMs: 20, windowMs: 5_000 },
];

async function healthy(ctx, chosen) {
  const instances = new Map();
  const options = { ...ctx.options, limit: LIMIT };
  for (const contender of chosen)
    instances.set(contender.id, await contender.create(ctx.urls, options));
  try {
    const window = async (contender, windowMs, rep) => {
      const instance = instances.get(contender.id);
      const key = `g:${contender.id}:${rep}`;
      const counts = new Array(LOOPS).fill(0);
      let active = 0;
      let peak = 0;
      let over = 0;
      const result = await runLoops(LOOPS, windowMs, async (loop) => {
        let held;
        try {
          held = await instance.acquire(key);
        } catch {
          return false;
        }
        counts[loop]++;
        active++;
        if (active > LIMIT) over++;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setImmediate(resolve)); // the protected work
        active--;
        await instance.release(held).catch(() => undefined);
      });
      const fairness = jain(counts);
      return {
        ...result,
        peak,
        over,
        fairness,
        min: Math.min(...counts),
        max: Math.max(...counts),
      };
    };
    for (const contender of chosen) await window(contender, ctx.warmupMs, 'warm');
    const reps = await interleave(chosen, ctx.reps, (contender, rep) =>
      window(contender, ctx.windowMs, rep),
    );
    return Object.fromEntries(
      Object.entries(reps).map(([id, runs]) => {
        const med = (field) => median(runs.map((r) => r[field]));
        const row = {
          value: med('perSecond'),
          reps: runs.map((r) => Math.round(r.perSecond)),
          fairness: med('fairness'),
          minPerLoop: med('min'),
          maxPerLoop: med('max'),
          peak: Math.max(...runs.map((r) => r.peak)),
          overAdmissions: runs.reduce((a, r) => a + r.over, 0),
          acquisitions: runs.reduce((a, r) => a + r.cycles, 0),
          failures: runs.reduce((a, r) => a + r.failures, 0),
        };
        return [id, row];
      }),
    );
  } finally {
    await Promise.all([...instances.values()].map((instance) => instance.close()));
  }
}

async function faults(ctx, chosen) {
  const options = { limit: LIMIT, ttlMs: FAULTS.ttlMs, acquireTimeoutMs: FAULTS.acquireTimeoutMs };
  const byPhase = {};
  for (const phase of FAULT_PHASES) {
    if (ctx.quick && phase.quickWindowMs === undefined) continue;
    byPhase[phase.id] = await faultsPhase(chosen, {
      ...FAULTS,
      n: ctx.n,
      limit: LIMIT,
      loops: LOOPS,
      seed: ctx.seed,
      fault: phase.fault,
      downMs: phase.downMs,
      workMs: phase.workMs,
      windowMs: ctx.quick ? phase.quickWindowMs : phase.windowMs,
      options,
    });
  }
  return byPhase;
}

export default {
  id: 'G',
  title: `semaphores, limit ${LIMIT}, ${LOOPS} loops on one resource`,
  metric: 'cycles/s',
  nodeCounts: [1, 5],
  // `--n=3`: the faults phase at three nodes too (quorum 2), not in a default run.
  onRequestNodeCounts: [3],
  faults: { ...FAULTS, phases: FAULT_PHASES, loops: LOOPS, limit: LIMIT },
  async run(ctx) {
    const chosen = ctx.onlyContenders
      ? semaphoreContenders.filter((c) => ctx.onlyContenders.some((id) => c.id.startsWith(id)))
      : semaphoreContenders;
    const rows = await healthy(ctx, chosen);
    if (ctx.n < 3) return rows;
    const byPhase = await faults(ctx, chosen);
    for (const [phase, byId] of Object.entries(byPhase)) {
      for (const [id, row] of Object.entries(byId)) (rows[id].faults ??= {})[phase] = row;
    }
    return rows;
  },
};
