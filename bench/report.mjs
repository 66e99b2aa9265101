// Ratios, targets, and the three outputs: latest.json, latest.md (tables) and latest.svg.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { chart } from './chart.mjs';
import { fx, human, table } from './markdown-format.mjs';
import { median } from './measure.mjs';
import { semaphoreSection } from './report-g.mjs';

const RESULTS = new URL('./results/', import.meta.url);

/** Which field of a scenario's rows is compared across contenders, and which way is better. */
const COMPARED = { A: 'value', B: 'value', C: 'value', D: 'frozenP99', E: 'value', F: 'value' };

/**
 * `row` against `base` (same run, same N): the median of the ratios repetition by repetition
 * when both rows keep their repetitions (each repetition runs every contender back to back, so
 * a slow minute of a shared machine slows both sides of a ratio), else the ratio of the values.
 */
function ratio(row, base, field) {
  if (base === undefined) return undefined;
  const paired = field === 'value' && row.reps?.length > 0 && row.reps.length === base.reps?.length;
  if (!paired) return row[field] / base[field];
  return median(row.reps.map((value, rep) => value / base.reps[rep]));
}

/** Adds `vsFloor` and `vsRedlock5` (see `ratio`) to every row. */
export function addRatios(results) {
  for (const [id, scenario] of Object.entries(results.scenarios)) {
    const field = COMPARED[id];
    for (const rows of Object.values(scenario.byN)) {
      for (const row of Object.values(rows)) {
        row.vsFloor = ratio(row, rows.floor, field);
        row.vsRedlock5 = ratio(row, rows.redlock5, field);
      }
    }
  }
}

const rowOf = (results, s, n, id) => results.scenarios[s]?.byN[n]?.[id];

/** Every target of issue 6 that this run measured, met or not. */
export function targets(results) {
  const list = [];
  const add = (name, measured, met) => list.push({ name, measured, met });
  for (const n of [5, 1]) {
    const b = rowOf(results, 'B', n, 'redquorum');
    if (b) {
      add(`B N=${n}: ≥ 1.0× the floor`, `${fx(b.vsFloor)}× the floor`, b.vsFloor >= 1);
      add(`B N=${n}: ≥ 3.5× redlock@5`, `${fx(b.vsRedlock5)}× redlock@5`, b.vsRedlock5 >= 3.5);
      add(`B N=${n} (stretch): ≥ 1.5× the floor`, `${fx(b.vsFloor)}× the floor`, b.vsFloor >= 1.5);
    }
    const a = rowOf(results, 'A', n, 'redquorum');
    if (a)
      add(`A N=${n}: within 1.1× the floor`, `${fx(a.vsFloor)}× the floor`, a.vsFloor >= 1 / 1.1);
  }
  const d = rowOf(results, 'D', 5, 'redquorum');
  if (d) add('D: frozen p99 ≤ 1.5× healthy p99', `${fx(d.value)}× healthy`, d.value <= 1.5);
  for (const n of [5, 1]) {
    const on = rowOf(results, 'E', n, 'redquorum');
    const off = rowOf(results, 'E', n, 'redquorum-nocoalesce');
    if (on && off) {
      const ratio = off.value / on.value;
      add(`E N=${n}: ≥ 10× fewer commands with coalescing`, `${fx(ratio)}× fewer`, ratio >= 10);
    }
  }
  for (const n of [5, 1]) {
    const f = rowOf(results, 'F', n, 'redquorum');
    if (f) {
      const per10k = (f.value * 10_000) / f.locks;
      add(
        `F N=${n}: RSS growth ≤ 64 MB for 10,000 held locks`,
        `${f.value.toFixed(1)} MB for ${f.locks} locks`,
        f.locks >= 10_000 ? f.value <= 64 : per10k <= 64 ? 'extrapolated' : false,
      );
    }
  }
  return list;
}

const ms = (v) => (Number.isFinite(v) ? v.toFixed(2) : '–');
const ratios = (row) => `${fx(row.vsFloor)} / ${fx(row.vsRedlock5)}`;

export function markdown(results) {
  const { contenders, scenarios: s, settings } = results;
  const label = (id) => contenders.find((c) => c.id === id)?.label ?? id;
  const out = [
    `# redquorum benchmark (${results.mode})`,
    '',
    `${results.date} · Node ${results.node} · redis-server ${results.redis} · ${results.cpus} CPUs ` +
      `· load average ${results.loadavg.map((l) => l.toFixed(2)).join(' ')} at start. ` +
      `Windows of ${settings.windowMs} ms × ${settings.abReps} repetitions for A and B, ` +
      `× ${settings.reps} for C and E, contenders interleaved, ` +
      `medians. Ratios are to the floor / to redlock@5 in this same run: for A, B and C the ` +
      `median of the ratios taken repetition by repetition (each repetition runs every ` +
      `contender back to back).`,
    '',
    `Versions: ${Object.entries(results.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
    '',
  ];
  const throughput = ['A', 'B', 'C'].flatMap((id) =>
    s[id] ? Object.keys(s[id].byN).map((n) => [id, n]) : [],
  );
  if (throughput.length > 0) {
    out.push(
      '## Throughput: acquire+release cycles/s (× floor / × redlock@5)',
      '',
      'A: one loop, fresh resources. B: 64 loops, fresh resources. C: 8 workers with their own ' +
        'managers and connections, one resource (fairness: Jain index over workers).',
      '',
    );
    const ids = contenders.map((c) => c.id);
    const rows = ids
      .filter((id) => throughput.some(([sc, n]) => s[sc].byN[n][id]))
      .map((id) => [
        label(id),
        ...throughput.map(([sc, n]) => {
          const row = s[sc].byN[n][id];
          if (!row) return '';
          const fair = sc === 'C' ? `, J ${fx(row.fairness)}` : '';
          return `${human(row.value)} (${ratios(row)}${fair})`;
        }),
      ]);
    out.push(table(['contender', ...throughput.map(([sc, n]) => `${sc} N=${n}`)], rows), '');
  }
  if (s.D) {
    out.push(
      '## D: one of five nodes frozen (SIGSTOP), 8 loops: acquire latency in ms',
      '',
      `Windows of ${settings.frozen.windowMs} ms × ${settings.frozen.reps} repetitions: the ` +
        'frozen node is known to be unresponsive only after one node timeout (200 ms here). ' +
        'Releases are timed but kept off the measured path. Ratio columns compare the frozen p99.',
      '',
    );
    const rows = Object.entries(s.D.byN[5]).map(([id, r]) => [
      label(id),
      ms(r.healthyP50),
      ms(r.healthyP99),
      ms(r.frozenP50),
      ms(r.frozenP99),
      fx(r.value),
      ratios(r),
      ms(r.frozenReleaseP99),
      human(r.frozenPerSecond),
    ]);
    const header = ['contender', 'healthy p50', 'healthy p99', 'frozen p50', 'frozen p99'];
    header.push(
      'frozen/healthy p99',
      '× floor / × redlock@5',
      'release p99 frozen',
      'cycles/s frozen',
    );
    out.push(table(header, rows), '');
  }
  if (s.E) {
    out.push(
      '## E: 100 local acquirers of one resource: Redis commands per acquisition',
      '',
      'Each acquirer loops acquire, 1 ms of work, release. "sent" counts the commands clients sent (EVALSHA, EVAL, plain SET); "all" adds the calls ' +
        'scripts make inside Redis (INFO commandstats counts both). Summed over nodes.',
      '',
    );
    const rows = Object.entries(s.E.byN).flatMap(([n, byId]) =>
      Object.entries(byId).map(([id, r]) => [
        label(id),
        n,
        fx(r.value),
        fx(r.callsPerAcquisition),
        human(r.perSecond),
        ratios(r),
      ]),
    );
    const header = ['contender', 'N', 'sent / acquisition', 'all / acquisition', 'acquisitions/s'];
    out.push(table([...header, '× floor / × redlock@5'], rows), '');
  }
  if (s.F) {
    out.push('## F: held auto-extended redquorum locks', '');
    const rows = Object.entries(s.F.byN).map(([n, { redquorum: r }]) => [
      n,
      String(r.locks),
      `${r.value.toFixed(1)} MB`,
      `${r.heapMB.toFixed(1)} MB`,
      `${r.held} / ${r.lost} / ${r.failedExtensions}`,
      human(r.extensionsPerSecond),
      human(r.commandsPerSecond),
      fx(r.commandsPerExtension),
    ]);
    const header = ['N', 'locks', 'RSS growth', 'heap growth', 'held / lost / failed extensions'];
    header.push('extensions/s', 'commands/s', 'commands / extension');
    out.push(table(header, rows), '');
  }
  if (s.G) out.push(...semaphoreSection(s.G, settings));
  out.push('## Targets (issue 6)', '');
  const met = (m) => (m === true ? 'met' : m === false ? 'not met' : m);
  out.push(
    table(
      ['target', 'measured', ''],
      results.targets.map((t) => [t.name, t.measured, met(t.met)]),
    ),
  );
  return out.join('\n') + '\n';
}

/**
 * Writes `<name>.json`, `<name>.md` and `<name>.svg` into results/, formatted as the
 * repository's Prettier wants. Returns the markdown.
 */
export async function writeReport(results, name) {
  await mkdir(RESULTS, { recursive: true });
  const config = (await resolveConfig(fileURLToPath(new URL(`${name}.md`, RESULTS)))) ?? {};
  const md = await format(markdown(results), { ...config, parser: 'markdown' });
  const json = await format(JSON.stringify(results), { ...config, parser: 'json' });
  await writeFile(new URL(`${name}.json`, RESULTS), json);
  await writeFile(new URL(`${name}.md`, RESULTS), md);
  await writeFile(new URL(`${name}.svg`, RESULTS), chart(results));
  return md;
}
