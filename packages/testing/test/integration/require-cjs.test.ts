import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const packagesDir = fileURLToPath(new URL('../../../', import.meta.url));

// Prints the export names of the package, required by name from inside itself.
const script = (name: string): string =>
  `const m = require('@redquorum/${name}');` +
  `if (typeof m !== 'object' || m === null) throw new Error('not an object');` +
  `process.stdout.write(JSON.stringify(Object.keys(m)));`;

test.each(['core', 'redlock', 'testing'])(
  "require('@redquorum/%s') works from CommonJS (needs dist: run tsc -b first)",
  async (name) => {
    const { stdout } = await run(process.execPath, ['-e', script(name)], {
      cwd: `${packagesDir}${name}`,
    });
    const keys = JSON.parse(stdout) as string[];
    expect(keys.length).toBeGreaterThan(0);
    if (name === 'testing') {
      expect(keys).toEqual(expect.arrayContaining(['startRedisNodes', 'startRedisServer']));
    }
  },
);
