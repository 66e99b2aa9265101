// Fencing tokens: a holder that stalls past its lock's validity cannot overwrite the work of
// the next holder, because storage rejects writes with an older fence.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { LockLostError, Redlock } from '@redquorum/redlock';
import { startRedisNodes } from '@redquorum/testing';

await using nodes = await startRedisNodes(5);

// #region store
/** Storage that remembers the greatest fence it has seen per key and rejects older ones. */
class FencedStore {
  readonly #values = new Map<string, string>();
  readonly #fences = new Map<string, bigint>();

  write(key: string, value: string, fence: bigint | undefined): void {
    if (fence === undefined) throw new TypeError('fencing is off');
    const last = this.#fences.get(key) ?? 0n;
    if (fence < last) throw new Error(`rejected: fence ${fence} is older than ${last}`);
    this.#fences.set(key, fence);
    this.#values.set(key, value);
  }

  read(key: string): string | undefined {
    return this.#values.get(key);
  }
}
// #endregion store

const store = new FencedStore();
// Two processes, each with its own clients.
const a = new Redlock(await nodes.connect(), { ttlMs: 1_000, fencing: true });
const b = new Redlock(await nodes.connect(), { ttlMs: 1_000, fencing: true });

// #region stall
const first = await a.acquire('invoice:7');
// `a` stalls (a long GC pause, a swapped-out VM) past its validity, without looking at
// first.signal, which aborted with a LockLostError at first.validUntil.
await sleep(1_500);
assert.ok(first.signal.reason instanceof LockLostError);

// The key has expired; `b` acquires with a greater fence and writes.
const second = await b.acquire('invoice:7');
assert.ok(second.fence !== undefined && first.fence !== undefined && second.fence > first.fence);
store.write('invoice:7', 'written by b', second.fence);

// `a` wakes up and writes as if it still held the lock: storage says no.
assert.throws(() => store.write('invoice:7', 'written by a', first.fence), /rejected: fence/);
assert.equal(store.read('invoice:7'), 'written by b');
// #endregion stall
await second.release();
