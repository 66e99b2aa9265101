// Exact versions of what runs: installed package.json files, the redquorum commit, redis-server.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

async function installed(name) {
  const url = new URL(`./node_modules/${name}/package.json`, import.meta.url);
  return JSON.parse(await readFile(url, 'utf8')).version;
}

function commit() {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', '../packages'], {
      encoding: 'utf8',
    });
    return dirty.trim() === '' ? sha : `${sha}+local changes`;
  } catch {
    return 'unknown';
  }
}

/** name → version for every package the contenders use; redquorum's with its commit. */
export async function versions(contenders) {
  const names = [...new Set(contenders.flatMap((c) => c.packages))].sort();
  const out = {};
  for (const name of names) {
    const version = await installed(name);
    out[name] = name.startsWith('@redquorum/') ? `${version} (${commit()})` : version;
  }
  return out;
}

export async function redisVersion(admin) {
  return /redis_version:(\S+)/.exec(await admin.info('server'))?.[1] ?? 'unknown';
}
