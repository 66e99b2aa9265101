#!/usr/bin/env bash
# The consumer check: does what a stranger does with the published packages. Packs the three
# packages (`pnpm -r pack`, the tarballs `pnpm publish` uploads), installs the tarballs with
# plain npm and no flags (no --legacy-peer-deps, no --force) into a scratch project outside the
# workspace, and checks the tarballs' contents, an ESM and a CommonJS consumer, TypeScript
# consumers under NodeNext and bundler resolution with `skipLibCheck: false`, the READMEs' code,
# and a vitest test using the harness, on vitest 3 and then vitest 4. Then, in fresh projects,
# the tarballs beside the newest clients (redis@6; ioredis@6 with iovalkey), each installed
# with no flags, and an ESM program that locks with that library's clients. The runtime
# consumers lock against nodes @redquorum/testing starts: redis-server must be on PATH. Needs
# the npm registry.
# Prints one line per check; on a failure, that check's output, and exits 1.
# Fixtures: scripts/consumer-check/. Run from .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
FIXTURES="$PWD/scripts/consumer-check"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/redquorum-consumer.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
APP="$WORK/app"
LOG="$WORK/check.log"
START=$(date +%s%N)
CHECKS=0

seconds_since() { awk -v t0="$1" -v t1="$(date +%s%N)" 'BEGIN { printf "%.1f", (t1 - t0) / 1e9 }'; }

# check NAME COMMAND...: runs COMMAND quietly and prints one line; on failure, its output.
check() {
  local name=$1 t0
  shift
  t0=$(date +%s%N)
  if "$@" > "$LOG" 2>&1; then
    CHECKS=$((CHECKS + 1))
    printf 'consumer-check: ok    %-64s %5ss\n' "$name" "$(seconds_since "$t0")"
  else
    printf 'consumer-check: FAIL  %s\n' "$name" >&2
    cat "$LOG" >&2
    printf 'consumer-check: FAILED at "%s"\n' "$name" >&2
    exit 1
  fi
}

# Each tarball carries the licence, a README, the code and its declarations, and no
# workspace: ranges (pnpm pack rewrites them to versions npm can resolve).
tarballs_complete() {
  local tarballs=("$WORK"/packs/*.tgz) tgz file listing
  [ "${#tarballs[@]}" = 3 ] || { echo "expected 3 tarballs, got: ${tarballs[*]}"; return 1; }
  for tgz in "${tarballs[@]}"; do
    listing=$(tar -tzf "$tgz")
    for file in LICENSE README.md package.json dist/index.js dist/index.d.ts; do
      grep -qx "package/$file" <<< "$listing" || { echo "$tgz: no $file"; return 1; }
    done
    if grep -q '"workspace:' <<< "$(tar -xOzf "$tgz" package/package.json)"; then
      echo "$tgz: package.json still has a workspace: range"
      return 1
    fi
  done
}

# npm install as a stranger runs it: no flags beyond quieter output. A peer range conflict
# npm resolved by overriding (ERESOLVE warning) fails too, and so does an invalid tree.
npm_install() {
  npm install --no-audit --no-fund "$@" 2>&1 | tee "$WORK/npm.log"
  [ "${PIPESTATUS[0]}" = 0 ] || return 1
  if grep -q ERESOLVE "$WORK/npm.log"; then return 1; fi
  npm ls --all > /dev/null
}

vitest_version() { node -p "require('./node_modules/vitest/package.json').version"; }

check "build" pnpm build
check "pack (pnpm -r pack)" pnpm -r pack --pack-destination "$WORK/packs"
check "tarballs: LICENSE, README, dist, no workspace: ranges" tarballs_complete

mkdir "$APP"
cp "$FIXTURES"/* "$APP"/
cd "$APP"
# ioredis beside redis@4: the READMEs' ioredis blocks are type-checked here too.
check "npm install tarballs + redis@4 + ioredis@5 + vitest@3, no flags" \
  npm_install "$WORK"/packs/*.tgz redis@4 ioredis@5 typescript@~5.9.3 @types/node@20 vitest@3
check "README code blocks extracted" node extract-readme-blocks.mjs .

check "ESM consumer runs (Locker, Redlock)" node esm.mjs
check "CJS consumer runs (require of ESM)" node cjs.cjs
check "TS NodeNext, skipLibCheck false: type-check (+ .cts, READMEs)" \
  ./node_modules/.bin/tsc -p tsconfig.nodenext.json
check "TS NodeNext: ESM output runs (await using, ES2022)" node out/nodenext/typed.js
check "TS NodeNext: CJS output runs" node out/nodenext/typed-cjs.cjs
check "TS bundler resolution, skipLibCheck false: type-check" \
  ./node_modules/.bin/tsc -p tsconfig.bundler.json
check "TS bundler resolution: output runs" node out/bundler/typed.js

for major in 3 4; do
  if [ "$major" != 3 ]; then
    check "npm install vitest@$major, no flags" npm_install "vitest@$major"
  fi
  version=$(vitest_version)
  case "$version" in "$major".*) ;; *)
    echo "consumer-check: FAIL  vitest $version installed, $major.x expected" >&2
    exit 1
    ;;
  esac
  check "vitest $version: harness test + README test type-check" \
    ./node_modules/.bin/tsc -p tsconfig.vitest.json
  check "vitest $version: harness test + README test run" ./node_modules/.bin/vitest run
done

# The newest clients, each in a project of its own as a stranger on them starts one: the
# optional peer ranges must accept them (no ERESOLVE, a valid tree), and the same program locks
# with their clients as their users connect them.
client_project() {
  mkdir "$WORK/$1"
  cp "$FIXTURES/package.json" "$WORK/$1/"
  cat > "$WORK/$1/client-locks.mjs" << 'PROGRAM'
// Locks with the clients of the library named by its argument (redis, or ioredis with
// iovalkey): Redlock over three nodes, and a Locker on one.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Locker } from '@redquorum/core';
import { Redlock } from '@redquorum/redlock';
import { startRedisNodes } from '@redquorum/testing';

const library = process.argv[2];
const version = createRequire(import.meta.url)(`${library}/package.json`).version;
assert.match(version, /^6\./, `${library} ${version} installed, 6.x expected`);
const nodes = await startRedisNodes(3);
let clients = [];
let single;
let close = () => {};
try {
  if (library === 'ioredis') {
    const { Redis } = await import('ioredis');
    const { Redis: Valkey } = await import('iovalkey');
    clients = nodes.urls.map((url) => new Redis(url).on('error', () => {}));
    single = new Valkey(nodes.urls[0]).on('error', () => {});
    close = (client) => client.disconnect();
  } else {
    const { createClient } = await import('redis');
    const connect = (url, RESP) => createClient({ url, RESP }).on('error', () => {}).connect();
    clients = await Promise.all(nodes.urls.map((url, i) => connect(url, i === 0 ? 3 : 2)));
    single = await connect(nodes.urls[0], 2);
    close = (client) => client.destroy();
  }
  const redlock = new Redlock(clients, { ttlMs: 5_000, fencing: true });
  const lock = await redlock.acquire('consumer');
  assert.ok(lock.fence > 0n);
  assert.equal(await clients[1].get('lock:consumer'), lock.token);
  assert.equal(await new Redlock(clients).tryAcquire('consumer'), undefined);
  await lock.extend();
  await lock.release();
  const held = await new Locker(single).acquire('consumer');
  assert.equal(await single.get('lock:consumer'), held.token);
  await held.release();
} finally {
  for (const client of [...clients, single]) if (client !== undefined) close(client);
  await nodes[Symbol.asyncDispose]();
}
PROGRAM
  cd "$WORK/$1"
}

client_project app-redis6
check "npm install tarballs + redis@6, no flags" npm_install "$WORK"/packs/*.tgz redis@6
check "ESM consumer locks with node-redis v6 (RESP2, RESP3)" node client-locks.mjs redis
client_project app-ioredis6
check "npm install tarballs + ioredis@6 + iovalkey, no flags" \
  npm_install "$WORK"/packs/*.tgz ioredis@6 iovalkey
check "ESM consumer locks with ioredis 6 and iovalkey" node client-locks.mjs ioredis

echo "consumer-check: all $CHECKS checks passed in $(seconds_since "$START")s"
