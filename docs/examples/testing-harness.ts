// Prove your locking under faults: real nodes, workers contending through Redlock while nodes
// are frozen, partitioned, slowed down and crashed, and LockHistory checking every hold.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { LockError, Redlock } from '@redquorum/redlock';
import { LockHistory, startRedisNodes } from '@redquorum/testing';

// #region nodes
// Five nodes behind fault proxies, fsyncing every write so that a crash loses nothing.
await using nodes = await startRedisNodes(5, { proxy: true, persistence: 'aof-always' });
// #endregion nodes

// #region workers
const history = new LockHistory();
const stop = new AbortController();
let failures = 0;

async function worker(name: string): Promise<void> {
  // Each worker has its own clients and Redlock, as separate processes would.
  const redlock = new Redlock(await nodes.connect(), { ttlMs: 1_000, fencing: true });
  while (!stop.signal.aborted) {
    try {
      await redlock.using(
        'counter',
        async (signal, lock) => {
          const done = history.track(lock, name); // the hold ends at done() or on loss
          try {
            await sleep(5, undefined, { signal }); // the "work"; stops if the lock is lost
          } finally {
            done();
          }
        },
        { acquireTimeoutMs: 2_000 },
      );
    } catch (error) {
      if (!(error instanceof LockError)) throw error; // not acquired, or lost: try again
      failures++;
    }
  }
}
// #endregion workers

// #region faults
const workers = ['w1', 'w2', 'w3'].map(worker);
await sleep(300);
await nodes.at(0).pause(); // frozen: connected, silent
await sleep(300);
await nodes.at(0).resume();
nodes.at(1).partition(); // bytes held both ways until heal()
await sleep(300);
nodes.at(1).heal();
nodes.at(2).latency(20, { jitterMs: 5 }); // every chunk delayed 15-25 ms each way
await nodes.at(3).kill(); // SIGKILL: a crash, no shutdown
await sleep(300);
await nodes.at(3).restart(); // same port, data kept (from its append-only file)
await sleep(300);
nodes.at(2).latency(0);
stop.abort();
await Promise.all(workers);
// #endregion faults

// #region check
const report = history.check();
console.log(`${report.holds} holds, ${failures} failed acquisitions or lost locks`);
assert.ok(report.holds > 10, 'the workers got the lock');
assert.equal(report.overlaps.count, 0); // never two holders at once
assert.equal(report.fenceRegressions.count, 0); // fences only grew
// #endregion check
