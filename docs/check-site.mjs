// `pnpm docs:check`: renders the built site (docs/site, from `pnpm run docs`) in headless
// Chromium and checks that the index, the Redlock page and the guides show their headings,
// that the navigation lists the guides, that no page throws, and that every internal link on
// those pages resolves (HTTP 200 from a local server, and the #fragment exists on its page).
// Saves screenshots to docs/site/screenshots/. Needs Debian's chromium (or CHROMIUM_PATH).
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const docs = dirname(fileURLToPath(import.meta.url));
const site = join(docs, 'site');
const screenshots = join(site, 'screenshots');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const GUIDES = [
  'Getting started',
  'How Redlock works here',
  'Safety and its limits',
  'Semaphores',
  'Testing your code with @redquorum/testing',
  'Migrating from node-redlock and redis-semaphore',
  'Benchmarks',
];
/** Each page to render: its path in the site, and headings it must show. */
const PAGES = [
  { path: 'index.html', headings: ['redquorum', 'Guides', 'Packages'], screenshot: 'index.png' },
  {
    path: 'classes/_redquorum_redlock.Redlock.html',
    headings: ['Class Redlock', 'Constructors', 'Methods', 'acquire', 'tryAcquire', 'using'],
    screenshot: 'redlock.png',
  },
  { path: 'documents/Getting_started.html', headings: ['Getting started', 'Connect'] },
  { path: 'documents/How_Redlock_works_here.html', headings: ['One attempt', 'The restart guard'] },
  {
    path: 'documents/Safety_and_its_limits.html',
    headings: ['Fencing tokens and their assumptions'],
  },
  { path: 'documents/Semaphores.html', headings: ['Semaphores', 'Over N nodes'] },
  {
    path: 'documents/Testing_your_code_with__redquorum_testing.html',
    headings: ['Faults', 'Checking mutual exclusion', 'The vitest fixture'],
  },
  {
    path: 'documents/Migrating_from_node-redlock_and_redis-semaphore.html',
    headings: ['From node-redlock (redlock v5, @sesamecare-oss/redlock)'],
  },
  { path: 'documents/Benchmarks.html', headings: ['Benchmarks', 'Latest results'] },
];

if (!existsSync(join(site, 'index.html'))) {
  console.error('docs:check: docs/site/index.html is missing; build the site first: pnpm run docs');
  process.exit(1);
}
if (!existsSync(executablePath)) {
  console.error(
    `docs:check: no Chromium at ${executablePath}. Install Debian's package:\n` +
      '  sudo apt-get install -y --no-install-recommends chromium\n' +
      'or point CHROMIUM_PATH at a Chromium or Chrome executable.',
  );
  process.exit(1);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ts': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** A static file server for the site, on a free loopback port. */
async function serve(root) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (file !== root && !file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        });
        response.end(body);
      },
      () => response.writeHead(404).end('not found'),
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const failures = [];
const fail = (message) => {
  failures.push(message);
  console.log(`  FAIL ${message}`);
};

const server = await serve(site);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const version = browser.version();
/** Fetched pages' HTML by URL without fragment, so each linked page is fetched once. */
const fetched = new Map();
async function fetchPage(url) {
  if (!fetched.has(url)) {
    fetched.set(
      url,
      fetch(url).then(async (response) => ({
        status: response.status,
        html: response.ok ? await response.text() : '',
      })),
    );
  }
  return fetched.get(url);
}

let links = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  mkdirSync(screenshots, { recursive: true });
  for (const { path, headings, screenshot } of PAGES) {
    console.log(path);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.url().startsWith(origin) && response.status() >= 400) {
        errors.push(`${response.status()} for ${response.url()}`);
      }
    });
    const response = await page.goto(`${origin}/${path}`, { waitUntil: 'load' });
    if (response?.status() !== 200) {
      fail(`${path}: HTTP ${response?.status()}`);
      await page.close();
      continue;
    }
    // The sidebar is built by the site's script: its guide entries prove the script ran.
    await page
      .locator('.site-menu')
      .getByText(GUIDES[GUIDES.length - 1], { exact: true })
      .first()
      .waitFor({ timeout: 10_000 })
      .catch(() => fail(`${path}: the navigation never listed the guides`));
    const shown = await page.$$eval('h1, h2, h3, h4', (nodes) =>
      nodes.map((node) => node.textContent?.trim() ?? ''),
    );
    for (const heading of headings) {
      if (!shown.includes(heading)) fail(`${path}: no heading "${heading}"`);
    }
    const menu = (await page.textContent('.site-menu')) ?? '';
    for (const title of GUIDES) {
      if (!menu.includes(title)) fail(`${path}: the navigation lacks "${title}"`);
    }
    const hrefs = await page.$$eval('a[href]', (anchors) => anchors.map((a) => a.href));
    const internal = [...new Set(hrefs)].filter((href) => href.startsWith(`${origin}/`));
    for (const href of internal) {
      links++;
      const url = new URL(href);
      const fragment = decodeURIComponent(url.hash.slice(1));
      url.hash = '';
      const target = await fetchPage(url.href);
      if (target.status !== 200) {
        fail(`${path}: link ${href} answers HTTP ${target.status}`);
      } else if (fragment !== '' && url.pathname.endsWith('.html')) {
        const escaped = fragment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        if (!new RegExp(`\\s(id|name)="${escaped}"`).test(target.html)) {
          fail(`${path}: link ${href} has no #${fragment} on its page`);
        }
      }
    }
    for (const error of errors) fail(`${path}: ${error}`);
    if (screenshot !== undefined) {
      const file = join(screenshots, screenshot);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`  screenshot: ${file}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}

console.log(
  `docs:check: ${PAGES.length} pages in Chromium ${version}, ` +
    `${links} internal links, ${failures.length} problem(s)`,
);
process.exit(failures.length === 0 ? 0 : 1);
