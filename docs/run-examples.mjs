// Compiles docs/examples/*.ts to examples/dist/ (Node 20 cannot run TypeScript) and runs each
// program with node, then the vitest examples (*.test.ts) with vitest. Every example starts its
// own Redis nodes through @redquorum/testing and asserts what it shows; a non-zero exit, or
// one that takes too long, fails the run. The packages' dist/ must be built first (`tsc -b`).
// Arguments: example names to run (default: all), e.g. `node run-examples.mjs locker-basic`.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const docs = dirname(fileURLToPath(import.meta.url));
const examples = join(docs, 'examples');
const outDir = join(examples, 'dist');
const TIMEOUT_MS = 120_000;

/** The path of a dependency's executable, so that this script runs outside `pnpm run` too. */
function bin(pkg, name) {
  const manifestPath = createRequire(import.meta.url).resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const file = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[name];
  return join(dirname(manifestPath), file);
}

const wanted = process.argv.slice(2);
const all = readdirSync(examples)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .sort();
const chosen = all.filter((file) => wanted.length === 0 || wanted.includes(file.split('.')[0]));
if (chosen.length === 0) {
  console.error(`no example matches ${wanted.join(', ')}; there are: ${all.join(', ')}`);
  process.exit(1);
}

rmSync(outDir, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [bin('typescript', 'tsc'), '-p', join(examples, 'tsconfig.build.json')],
  { cwd: docs, stdio: 'inherit' },
);
if (tsc.status !== 0) {
  console.error('examples: compilation failed');
  process.exit(1);
}

/** Runs one command to its end; resolves its exit code (or 'timeout'). */
function run(command, args) {
  return new Promise((resolve) => {
    // Its own process group, so that a timeout ends it and whatever it started.
    const child = spawn(command, args, { cwd: docs, stdio: 'inherit', detached: true });
    const timer = setTimeout(() => {
      process.kill(-child.pid, 'SIGKILL');
      resolve('timeout');
    }, TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal);
    });
  });
}

const failed = [];
let passed = 0;
for (const file of chosen) {
  const name = file.replace(/\.ts$/, '');
  console.log(`\n== ${name}`);
  const started = performance.now();
  const result = file.endsWith('.test.ts')
    ? await run(process.execPath, [bin('vitest', 'vitest'), 'run', `examples/${file}`])
    : await run(process.execPath, [join(outDir, `${name}.js`)]);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result === 0) {
    passed++;
    console.log(`== ${name}: ok (${seconds} s)`);
  } else {
    failed.push(name);
    console.log(`== ${name}: FAILED (${result}, ${seconds} s)`);
  }
}
console.log(`\nexamples: ${passed} passed, ${failed.length} failed`);
if (failed.length > 0) console.log(`failed: ${failed.join(', ')}`);
process.exit(failed.length === 0 ? 0 : 1);
