#!/usr/bin/env bash
# The consumer check: does what a stranger does with the published packages. Packs the three
# packages (`pnpm -r pack`, the tarballs `pnpm publish` uploads), installs the tarballs with
# plain npm and no flags (no --legacy-peer-deps, no --force) into a scratch project outside the
# workspace, and checks the tarballs' contents, an ESM and a CommonJS consumer, TypeScript
# consumers under NodeNext and bundler resolution with `skipLibCheck: false`, the READMEs' code,
# and a vitest test using the harness, on vitest 3 and then vitest 4. The runtime consumers lock
# against nodes @redquorum/testing starts: redis-server must be on PATH. Needs the npm registry.
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
check "npm install tarballs + redis@4 + vitest@3, no flags" \
  npm_install "$WORK"/packs/*.tgz redis@4 typescript@~5.9.3 @types/node@20 vitest@3
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

echo "consumer-check: all $CHECKS checks passed in $(seconds_since "$START")s"
