// The examples check. Compiles docs/examples/*.ts to examples/dist/run-<pid>/ (Node 20 cannot run
// TypeScript) and runs each program with node, and the vitest examples (*.test.ts) with vitest.
// Then the same for the code blocks of the guides and the README (rules in guide-programs.mjs):
// each guide's blocks become one program, type-checked against the built packages (errors
// point at the Markdown line) and run; blocks marked not checked are counted and listed.
// Every program starts its own Redis nodes through @redquorum/testing and asserts what it
// shows; a non-zero exit, or one that takes too long, fails the run. The packages' dist/ must
// be built first (`tsc -b`).
// Arguments: program names to run (default: all), e.g. `node run-examples.mjs locker-basic
// guide-getting-started`; a guide's name also selects its self-contained blocks.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPrograms, readBlocks } from './guide-programs.mjs';

const docs = dirname(fileURLToPath(import.meta.url));
const examples = join(docs, 'examples');
// Each run compiles into a directory of its own, so that runs side by side (on a shared
// checkout) do not delete each other's programs; directories of runs that died are swept.
const distRoot = join(examples, 'dist');
const outDir = join(distRoot, `run-${process.pid}`);
const guidesOut = join(outDir, 'guides');
const TIMEOUT_MS = 120_000;
const require = createRequire(import.meta.url);
const runStarted = performance.now();

/** The path of a dependency's executable, so that this script runs outside `pnpm run` too. */
function bin(pkg, name) {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const file = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[name];
  return join(dirname(manifestPath), file);
}

// What there is: the example files, and the programs the guides and the README hold.
const exampleFiles = readdirSync(examples)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .sort();
const sources = [
  ...readdirSync(join(docs, 'guides'))
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => ({
      path: join(docs, 'guides', file),
      source: `guides/${file}`,
      prefix: `guide-${file.replace(/\.md$/, '')}`,
    })),
  { path: join(docs, '..', 'README.md'), source: 'README.md', prefix: 'readme' },
];
const skipped = [];
const jsBlocks = [];
const allPrograms = [];
for (const { path, source, prefix } of sources) {
  const found = readBlocks(path, source);
  skipped.push(...found.skipped.map((skip) => ({ source, ...skip })));
  jsBlocks.push(...found.blocks.filter((b) => b.lang === 'js').map((b) => ({ source, ...b })));
  allPrograms.push(...buildPrograms(found.blocks, source, prefix));
}

const wanted = process.argv.slice(2);
const picked = (name, base = name) =>
  wanted.length === 0 || wanted.includes(name) || wanted.includes(base);
const chosenExamples = exampleFiles.filter((file) => picked(file.split('.')[0]));
const programs = allPrograms.filter((p) => picked(p.name, p.name.replace(/-L\d+$/, '')));
if (chosenExamples.length + programs.length === 0) {
  const names = [...exampleFiles.map((f) => f.split('.')[0]), ...allPrograms.map((p) => p.name)];
  console.error(`nothing matches ${wanted.join(', ')}; there are: ${names.join(', ')}`);
  process.exit(1);
}

mkdirSync(distRoot, { recursive: true });
for (const entry of readdirSync(distRoot)) {
  const pid = /^run-(\d+)$/.exec(entry)?.[1];
  if (pid === undefined || !isAlive(Number(pid))) {
    rmSync(join(distRoot, entry), { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

if (chosenExamples.length > 0) {
  const tsc = spawnSync(
    process.execPath,
    [bin('typescript', 'tsc'), '-p', join(examples, 'tsconfig.build.json'), '--outDir', outDir],
    { cwd: docs, stdio: 'inherit' },
  );
  if (tsc.status !== 0) {
    console.error('examples: compilation failed');
    process.exit(1);
  }
}

const blockCount = programs.reduce((sum, program) => sum + program.blocks.length, 0);
console.log(
  `guides: ${blockCount} code blocks in ${programs.length} programs checked; ` +
    `${skipped.length} blocks marked not checked`,
);
for (const skip of skipped)
  console.log(`  not checked: ${skip.source}:${skip.line} (${skip.reason})`);
if (!checkGuides(programs)) {
  console.error('guides: the code blocks above do not compile or parse');
  process.exit(1);
}

/** Writes the guide programs beside the examples (guides/), type-checks and compiles them. */
function checkGuides(list) {
  mkdirSync(guidesOut, { recursive: true });
  const files = new Map();
  for (const program of list) {
    const file = join(guidesOut, fileName(program));
    writeFileSync(file, `${program.code}\n`);
    files.set(file, program);
  }
  let ok = compile(
    [...files.keys()].filter((file) => file.endsWith('.ts')),
    files,
  );
  // A JavaScript block must run on this Node.js as written: `await using` would not on 20.
  for (const block of jsBlocks) {
    const file = join(guidesOut, `check-L${block.line}-${block.source.replace(/\W/g, '-')}.mjs`);
    writeFileSync(file, `${block.code}\n`);
    const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
    if (check.status !== 0) {
      ok = false;
      console.error(`${block.source}:${block.line - 1}: not plain JavaScript for Node.js`);
      const at = (_, line) => `${block.source}:${block.line - 1 + Number(line)}`;
      console.error(check.stderr.replace(/^.*\.mjs:(\d+)$/m, at));
    }
  }
  return ok;
}

function fileName(program) {
  if (program.lang === 'js') return `${program.name}.mjs`;
  return program.kind === 'vitest' ? `${program.name}.test.ts` : `${program.name}.ts`;
}

/** Type-checks and emits `rootNames` as the examples are; reports errors at Markdown lines. */
function compile(rootNames, files) {
  if (rootNames.length === 0) return true;
  const ts = require('typescript');
  const config = ts.getParsedCommandLineOfConfigFile(
    join(examples, 'tsconfig.build.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => console.error(d.messageText) },
  );
  const options = { ...config.options, rootDir: guidesOut, outDir: guidesOut, sourceMap: true };
  const program = ts.createProgram({ rootNames, options });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  for (const diagnostic of diagnostics) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const guide = diagnostic.file === undefined ? undefined : files.get(diagnostic.file.fileName);
    if (guide === undefined) {
      console.error(`error TS${diagnostic.code}: ${message}`);
      continue;
    }
    const at = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const origin = guide.map[at.line];
    const where = origin?.line ? `${origin.source}:${origin.line}` : `${guide.name} (generated)`;
    console.error(`${where}: error TS${diagnostic.code}: ${message}`);
  }
  if (diagnostics.length > 0) return false;
  program.emit();
  return true;
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

/** How to run each thing: examples by file, guide programs by their generated file. */
const vitest = (file) => [process.execPath, [bin('vitest', 'vitest'), 'run', file]];
const runs = [
  ...chosenExamples.map((file) => {
    const name = file.replace(/\.ts$/, '');
    if (file.endsWith('.test.ts')) return { name, command: vitest(`examples/${file}`) };
    return { name, command: [process.execPath, [join(outDir, `${name}.js`)]] };
  }),
  ...programs
    .filter((program) => program.kind !== 'types')
    .map((program) => {
      const file = relative(docs, join(guidesOut, fileName(program)));
      const source = program.blocks[0] === undefined ? '' : ` (${describe(program)})`;
      if (program.kind === 'vitest') return { name: program.name + source, command: vitest(file) };
      const js = program.lang === 'js' ? file : file.replace(/\.ts$/, '.js');
      return {
        name: program.name + source,
        command: [process.execPath, ['--enable-source-maps', js]],
      };
    }),
];

function describe(program) {
  const first = program.blocks[0].line - 1;
  const source = program.map[0].source;
  return program.blocks.length === 1
    ? `${source}:${first}`
    : `${source}, ${program.blocks.length} blocks from line ${first}`;
}

const failed = [];
let passed = 0;
for (const { name, command } of runs) {
  console.log(`\n== ${name}`);
  const started = performance.now();
  const result = await run(...command);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result === 0) {
    passed++;
    console.log(`== ${name}: ok (${seconds} s)`);
  } else {
    failed.push(name);
    console.log(`== ${name}: FAILED (${result}, ${seconds} s)`);
  }
}
const typesOnly = programs.filter((program) => program.kind === 'types').length;
const total = ((performance.now() - runStarted) / 1000).toFixed(1);
console.log(
  `\nexamples: ${passed} passed, ${failed.length} failed (${chosenExamples.length} examples, ` +
    `${programs.length - typesOnly} guide programs run, ${typesOnly} type-checked only; ` +
    `${blockCount} guide blocks checked, ${skipped.length} not checked) in ${total} s`,
);
if (failed.length > 0) {
  console.log(`failed: ${failed.join(', ')}`);
  console.log(`the compiled programs are kept in ${relative(docs, outDir)}`);
} else {
  rmSync(outDir, { recursive: true, force: true });
}
process.exit(failed.length === 0 ? 0 : 1);
