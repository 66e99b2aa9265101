// Writes each ```ts block of the packed READMEs to its own file in the scratch project, so the
// consumer check type-checks what a reader copies from the npm page: readme-<package>-<n>.ts,
// or readme-<package>-<n>.test.ts for a vitest test (run by vitest, on both versions).
// Usage: node extract-readme-blocks.mjs <scratch project dir>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: extract-readme-blocks.mjs <dir>');
let count = 0;
for (const name of ['core', 'redlock', 'testing']) {
  const readme = readFileSync(join(dir, 'node_modules/@redquorum', name, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
  if (blocks.length === 0) throw new Error(`@redquorum/${name}: its README has no ts block`);
  blocks.forEach((code, index) => {
    const test = /from 'vitest'/.test(code) ? '.test' : '';
    writeFileSync(join(dir, `readme-${name}-${index + 1}${test}.ts`), code);
    count++;
  });
}
console.log(`${count} blocks`);
