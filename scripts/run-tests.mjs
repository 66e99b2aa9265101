// Runs every vitest project and ends with a plain "N passed, N failed" line, read by CI.
// Extra arguments go to vitest (for example a project filter or a file name).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const outDir = '.vitest-results';
const outFile = join(outDir, 'results.json');
mkdirSync(outDir, { recursive: true });
rmSync(outFile, { force: true });

const vitest = spawnSync(
  'pnpm',
  [
    'exec',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${outFile}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);

let passed;
let failed;
if (existsSync(outFile)) {
  const report = JSON.parse(readFileSync(outFile, 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests;
  // A file that fails to load has no tests to count: count it as a failure.
  for (const suite of report.testResults ?? []) {
    if (suite.status === 'failed' && suite.assertionResults.length === 0) failed += 1;
  }
} else {
  failed = 1;
}
const summary = `${passed} passed, ${failed} failed`;
writeFileSync(join(outDir, 'summary.txt'), `${summary}\n`);
console.log(summary);
process.exit(vitest.status === 0 && failed === 0 ? 0 : 1);
