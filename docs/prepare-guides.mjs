// Runs before TypeDoc: writes guides/generated/benchmark-results.md, which the Benchmarks guide
// includes. When `pnpm bench` has written bench/results/latest.md, that is the report (its
// headings moved one level down, its chart copied beside it); otherwise a note on how to get
// one. The folder is git-ignored: its content depends on the machine's last benchmark run.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';

const docs = dirname(fileURLToPath(import.meta.url));
const results = join(docs, '..', 'bench', 'results');
const out = join(docs, 'guides', 'generated');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let text;
const report = join(results, 'latest.md');
if (existsSync(report)) {
  const body = readFileSync(report, 'utf8')
    .replace(/^(#{1,5}) /gm, '#$1 ')
    .replace(/^## redquorum benchmark.*\n/m, '');
  const chart = join(results, 'latest.svg');
  let figure = '';
  if (existsSync(chart)) {
    copyFileSync(chart, join(out, 'benchmark-chart.svg'));
    figure =
      '![Throughput of each contender, as a multiple of the floor](./benchmark-chart.svg)\n\n';
  }
  text = `## Latest results\n\nFrom \`bench/results/latest.md\`, as of this build.\n\n${figure}${body}`;
} else {
  text = [
    '## Latest results',
    '',
    'No results were found when this site was built: `bench/results/latest.md` did not exist.',
    'Run `pnpm bench` (a full run takes a few minutes), then rebuild the site with',
    '`pnpm run docs`; the table and chart then appear here.',
    '',
  ].join('\n');
}
// Formatted as `prettier --check` expects, so the generated file never fails the format check.
const target = join(out, 'benchmark-results.md');
const config = await prettier.resolveConfig(target);
writeFileSync(target, await prettier.format(text, { ...config, filepath: target }));
console.log(
  `guides: ${existsSync(report) ? 'included bench/results/latest.md' : 'no benchmark results yet'}`,
);
