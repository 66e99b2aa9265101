// Redlock on five nodes: a frozen node costs at most nodeTimeoutMs, a majority is enough, and
// without a majority the error says what each node answered.
import assert from 'node:assert/strict';
import { LockAcquireError, Redlock, noRetry, tokenDigest } from '@redquorum/redlock';
import { startRedisNodes } from '@redquorum/testing';

// proxy: true puts a TCP fault proxy in front of each node, for partition() and latency().
await using nodes = await startRedisNodes(5, { proxy: true });
const clients = await nodes.connect();

const redlock = new Redlock(clients, { ttlMs: 5_000, nodeTimeoutMs: 100 });

// One node frozen (SIGSTOP: connected, silent). Three of five is a quorum, and the answer
// does not wait for the frozen node: each node has its own timeout, and the first three
// yeses decide.
await nodes.at(0).pause();
const started = performance.now();
const lock = await redlock.acquire('jobs:nightly');
const elapsedMs = performance.now() - started;
assert.ok(elapsedMs < 1_000, `acquired in ${elapsedMs.toFixed(1)} ms`); // typically a few ms

// Who holds it where: node 0 cannot say; the others name the holder by a digest of its token.
const view = await redlock.inspect('jobs:nightly');
assert.equal(view[0]?.state, 'timeout');
assert.ok(view.slice(1).every((node) => node.holder === tokenDigest(lock.token)));

await lock.release(); // sent to every node, the frozen one included
await nodes.at(0).resume();

// Three of five partitioned away: no majority can answer. Each node costs at most
// nodeTimeoutMs; the error lists every node's outcome.
nodes.partition([0, 1, 2]);
const error = await redlock.acquire('jobs:nightly', { retry: noRetry }).then(
  () => assert.fail('acquired without a majority'),
  (reason: unknown) => reason,
);
assert.ok(error instanceof LockAcquireError);
assert.equal(error.reason, 'unreachable');
const outcomes = error.nodes.map((node) => node.outcome);
assert.deepEqual(outcomes.slice(0, 3), ['timeout', 'timeout', 'timeout']);
assert.ok(outcomes.slice(3).every((outcome) => outcome === 'ok' || outcome === 'pending'));
nodes.heal();

// Healed: the held bytes flow in order (the late acquire, then the release that followed it),
// and a quorum answers again.
const again = await redlock.acquire('jobs:nightly');
assert.ok(again.validUntil > Date.now());
await again.release();
