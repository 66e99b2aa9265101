// G's faults phase: for each library in turn, fresh nodes and the same seeded schedule of node
// crashes or pauses while the loops run. Every hold is recorded, and @redquorum/testing's
// PermitHistory counts the over-admissions: stretches of time when more than `limit` permits
// were validly held. The loops share PROCESSES client sets, as if that many processes ran
// them, so that the nodes do not all see one client's commands in one order.
import { setImmediate as yieldTurn, setTimeout as sleep } from 'node:timers/promises';
import { PermitHistory, startRedisNodes } from '@redquorum/testing';
import { faultSchedule, playFaults } from '../fault-schedule.mjs';
import { jain, runLoops } from '../measure.mjs';

const PROCESSES = 4;

async function underFaults(contender, plan) {
  const { n, limit, loops, windowMs, workMs, fault, faults, options } = plan;
  const nodes = await startRedisNodes(n);
  const instances = [];
  try {
    for (let p = 0; p < PROCESSES; p++) instances.push(await contender.create(nodes.urls, options));
    const key = `g:faults:${contender.id}`;
    const history = new PermitHistory({ limit });
    const counts = new Array(loops).fill(0);
    let releaseErrors = 0;
    const played = playFaults(nodes, faults, fault);
    const run = await runLoops(loops, windowMs, async (loop) => {
      const instance = instances[loop % PROCESSES];
      let handle;
      try {
        handle = await instance.acquire(key);
      } catch {
        return false;
      }
      const acquiredAt = Date.now();
      counts[loop]++;
      await (workMs === 0 ? yieldTurn() : sleep(workMs)); // the protected work
      const releasedAt = Date.now();
      const held = instance.held(handle, acquiredAt);
      history.record({ ...held, holder: `loop ${loop}`, acquiredAt, releasedAt, fence: undefined });
      await instance.release(handle).catch(() => releaseErrors++);
    });
    await played;
    const report = history.check();
    return {
      perSecond: run.perSecond,
      acquisitions: run.cycles,
      acquireErrors: run.failures,
      releaseErrors,
      overAdmissions: report.overAdmissions.count,
      peak: Math.max(0, ...report.peaks.map((p) => p.peak)),
      fairness: jain(counts),
      minPerLoop: Math.min(...counts),
      maxPerLoop: Math.max(...counts),
    };
  } finally {
    await Promise.all(instances.map((instance) => instance.close()));
    await nodes[Symbol.asyncDispose]();
  }
}

/**
 * Runs every contender, one after the other, under one schedule of `plan.fault` ('crash' or
 * 'pause') drawn from `plan.seed` for `plan.n` nodes. Returns a row per contender id.
 */
export async function faultsPhase(contenders, plan) {
  const { seed, n: nodeCount, windowMs: durationMs, everyMs, downMs } = plan;
  const faults = faultSchedule({ seed, nodeCount, durationMs, everyMs, downMs });
  const rows = {};
  for (const contender of contenders) {
    const row = await underFaults(contender, { ...plan, faults });
    const { fault, workMs } = plan;
    rows[contender.id] = {
      ...row,
      fault,
      faults: faults.length,
      downMs,
      windowMs: durationMs,
      workMs,
    };
  }
  return rows;
}
