// The restart guard: a majority of nodes crash and come back empty while a lock is held.
// Their votes do not count until maxTtlMs has passed since their restart, so nobody else
// gets the lock on the strength of the keys they forgot.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { LockAcquireError, Redlock } from '@redquorum/redlock';
import { startRedisNodes } from '@redquorum/testing';

// persistence: 'none' (the default): a restarted node has lost every key.
await using nodes = await startRedisNodes(5);

// Two processes, each with its own clients, that have both talked to the nodes before.
const clientsOfB = await nodes.connect();
const a = new Redlock(await nodes.connect(), { ttlMs: 2_000 });
const b = new Redlock(clientsOfB, { ttlMs: 2_000 });
const warmUp = await b.acquire('ledger');
await warmUp.release();

// #region guard
const held = await a.acquire('ledger'); // on all five nodes

// Nodes 0, 1 and 2 crash (SIGKILL) and restart with no data: the lock survives on 3 and 4 only.
await Promise.all([0, 1, 2].map((index) => nodes.at(index).kill()));
await Promise.all([0, 1, 2].map((index) => nodes.at(index).restart({ keepData: false })));
while (!clientsOfB.every((client) => client.isReady)) await sleep(10); // reconnected

// Without the guard, nodes 0, 1 and 2 would grant `b` the lock `a` still holds. With it,
// `b` sees their new run_id, and their votes do not count yet.
const error = await b.tryAcquire('ledger').then(
  () => assert.fail('a second holder while the first is valid'),
  (reason: unknown) => reason,
);
assert.ok(error instanceof LockAcquireError);
assert.equal(error.reason, 'unreachable'); // not enough votes that count
const outcomes = error.nodes.map((node) => node.outcome);
assert.ok(outcomes.includes('excluded')); // nodes 0-2 ('pending' if not needed to decide)
assert.ok(!outcomes.includes('ok')); // no node granted it
// #endregion guard

// After maxTtlMs (here the ttl, 2 s) every key the nodes forgot would have expired anyway:
// they vote again, and `b` acquires once `a`'s lock has expired on nodes 3 and 4 too.
const next = await b.acquire('ledger', { acquireTimeoutMs: 5_000 });
assert.equal(held.held, false); // `a` was told: its lock.signal aborted at validUntil
assert.ok(next.validUntil > Date.now());
await next.release();
