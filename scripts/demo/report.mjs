// The demo's live progress line and its final summary table.

const percentile = (sorted, p) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** One line, rewritten in place: rate, current holders, each node's state. */
export function progressLine(stats, states, elapsedS, lastCount) {
  const rate = stats.acquisitions - lastCount;
  const nodes = states.map((state, i) => `${i}:${state}`).join(' ');
  return `${elapsedS.toFixed(0).padStart(3)}s  ${String(rate).padStart(5)} acq/s  holders ${
    stats.holders.size
  }  nodes [${nodes}]`;
}

/** The summary table and the checker's verdict, as text. */
export function summary(stats, report, settings) {
  const sorted = [...stats.latencies].sort((a, b) => a - b);
  const failures = [...stats.failures.entries()].map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const rows = [
    [
      'nodes / workers / seconds / seed',
      `${settings.nodes} / ${settings.workers} / ${settings.seconds} / ${settings.seed}`,
    ],
    ['acquisitions', String(stats.acquisitions)],
    ['failed acquisitions', failures],
    [
      'acquire latency p50 / p99',
      `${percentile(sorted, 0.5).toFixed(1)} ms / ${percentile(sorted, 0.99).toFixed(1)} ms`,
    ],
    ['highest fence issued', String(stats.maxFence)],
    ['release errors', [...stats.releaseErrors].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'],
    ['holds checked', String(report.holds)],
    ['overlapping holds', String(report.overlaps.count)],
    ['fence regressions', String(report.fenceRegressions.count)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `| ${k.padEnd(width)} | ${v} |`);
  const safe = report.overlaps.count === 0 && report.fenceRegressions.count === 0;
  const verdict = safe
    ? 'verdict: mutual exclusion held (0 overlapping holds, 0 fence regressions)'
    : 'verdict: VIOLATION';
  return [
    `| ${'measure'.padEnd(width)} | value |`,
    `|${'-'.repeat(width + 2)}|-------|`,
    ...lines,
    '',
    verdict,
  ].join('\n');
}
