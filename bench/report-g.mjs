// The markdown of scenario G: semaphores healthy (throughput, fairness, over-admission), and
// under the same node crashes for every library.
import { fx, human, table } from './markdown-format.mjs';

const PLURAL = { crash: 'crashes', pause: 'pauses' };
const spread = (r) => `${r.minPerLoop}–${r.maxPerLoop}`;

function healthyTable(byN) {
  const rows = Object.entries(byN).flatMap(([n, byId]) =>
    Object.entries(byId).map(([id, r]) => [
      id,
      n,
      human(r.value),
      fx(r.fairness),
      spread(r),
      String(r.peak),
      `${r.overAdmissions} of ${r.acquisitions}`,
      String(r.failures),
    ]),
  );
  const header = ['contender', 'N', 'cycles/s', 'Jain', 'per loop min–max', 'peak holders'];
  return table([...header, 'over-admissions', 'failed acquisitions'], rows);
}

function faultsTable(byN) {
  const rows = Object.entries(byN).flatMap(([n, byId]) =>
    Object.entries(byId).flatMap(([id, { faults = {} }]) =>
      Object.entries(faults).map(([phase, r]) => [
        id,
        n,
        `${phase}: ${r.faults} ${PLURAL[r.fault]} in ${r.windowMs / 1000} s`,
        human(r.perSecond),
        String(r.overAdmissions),
        String(r.peak),
        `${r.acquireErrors} / ${r.releaseErrors}`,
        `${fx(r.fairness)} (${spread(r)})`,
        String(r.acquisitions),
      ]),
    ),
  );
  const header = ['contender', 'N', 'phase', 'cycles/s', 'over-admissions', 'peak permits'];
  header.push('errors acquire / release', 'Jain (per loop min–max)', 'acquisitions');
  return rows.length === 0 ? undefined : table(header, rows);
}

/** The lines of G's section of the report. */
export function semaphoreSection(g, settings) {
  const f = settings.semaphoreFaults;
  const out = [
    `## G: ${g.title}`,
    '',
    'Healthy. Fairness over the 64 loops: Jain index (1 when every loop got the same share) and ' +
      'the fewest and most acquisitions of one loop in a window, medians over the windows. ' +
      'Over-admissions: acquisitions that resolved while the limit was already held in this ' +
      'process (0 for a semaphore that never over-admits). Peak: most holders at once. Failed ' +
      'acquisitions: timed out, summed over the windows.',
    '',
    healthyTable(g.byN),
    '',
  ];
  const faults = faultsTable(g.byN);
  if (faults === undefined || f === undefined) return out;
  const range = (ms) => `${ms / 2}–${(ms * 3) / 2} ms`;
  const down = (p) =>
    p.fault === 'crash'
      ? `killed, restarted empty after ${range(p.downMs)}`
      : `paused ${range(p.downMs)}`;
  const phases = f.phases.map((p) => `${p.id}: ${down(p)}, ${p.workMs} ms of work per hold`);
  out.push(
    '### G under node faults',
    '',
    `Each library on fresh nodes under the same schedule (seed ${f.seed}): every ` +
      `${range(f.everyMs)} one node goes down. ${phases.join('; ')}. ttl (lockTimeout) ` +
      `${f.ttlMs} ms, acquire timeout ${f.acquireTimeoutMs} ms, ${f.loops} loops over 4 client ` +
      `sets. Over-admissions: stretches of time with more than ${f.limit} permits validly held, ` +
      "found by @redquorum/testing's PermitHistory from every hold recorded; redis-semaphore " +
      'tells no validity, so its holds count as valid for lockTimeout from the acquisition.',
    '',
    faults,
    '',
  );
  return out;
}
