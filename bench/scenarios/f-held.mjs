// F: many held, auto-extended redquorum locks: RSS growth, and the extension traffic over a
// window that spans the first extension round. Each N runs in a fresh process, so that the
// baseline holds nothing from earlier scenarios.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./f-child.mjs', import.meta.url));

export default {
  id: 'F',
  title: 'held auto-extended redquorum locks',
  metric: 'MB',
  nodeCounts: [1, 5],
  run: (ctx) =>
    new Promise((resolve, reject) => {
      const job = JSON.stringify({ urls: ctx.urls, ...ctx.held });
      const timeout = ctx.held.windowMs + 60_000;
      execFile(process.execPath, ['--expose-gc', CHILD, job], { timeout }, (error, stdout) => {
        if (error) reject(error);
        else resolve({ redquorum: JSON.parse(stdout) });
      });
    }),
};
