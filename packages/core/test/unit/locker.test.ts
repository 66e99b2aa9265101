// Locker = the engine over SingleNodeBackend: what goes over the wire to a (fake) client.
import { describe, expect, it, vi } from 'vitest';
import {
  fixedDelay,
  LockAcquireError,
  Locker,
  noRetry,
  ScriptReplyError,
} from '../../src/index.js';
import {
  acquireManyScript,
  acquireManySimpleScript,
  acquireScript,
  releaseManyScript,
  releaseManySimpleScript,
  CORE_SCRIPTS,
  extendScript,
  releaseScript,
} from '../../src/backend.js';
import type { ScriptCallOptions } from '../../src/index.js';

type Call = [string, ScriptCallOptions];

/** Answers every script call with `reply(sha1or lua)`. */
function fakeClient(reply: (script: string) => unknown = () => 1) {
  return {
    evalSha: vi.fn(async (...[sha1]: Call) => reply(sha1)),
    eval: vi.fn(async (...[lua]: Call) => reply(lua)),
  };
}

describe('Locker over a fake client', () => {
  it('acquires, extends and releases by EVALSHA with the key, token and ttl', async () => {
    const client = fakeClient();
    const locker = new Locker(client, { ttlMs: 5_000 });
    const lock = await locker.acquire('orders:42');
    await lock.extend();
    await lock.release();
    const token = lock.token;
    expect(client.evalSha.mock.calls).toEqual([
      [acquireScript.sha1, { keys: ['lock:orders:42'], arguments: [token, '5000', '0'] }],
      [extendScript.sha1, { keys: ['lock:orders:42'], arguments: [token, '5000'] }],
      [releaseScript.sha1, { keys: ['lock:orders:42'], arguments: [token] }],
    ]);
    // Before its first EVALSHA the node gets every script once, by EVAL without keys.
    expect(client.eval.mock.calls.map(([, options]) => options.keys)).toEqual(
      CORE_SCRIPTS.map(() => []),
    );
  });

  it('applies keyPrefix exactly, and fence keys in the lock key’s slot with fencing on', async () => {
    const client = fakeClient((script) => (script === acquireScript.sha1 ? 7 : 1));
    const locker = new Locker(client, { keyPrefix: 'app:', fencing: true });
    const lock = await locker.acquire(['a', '{b}c']);
    expect(lock.fence).toBe(7n);
    expect(client.evalSha.mock.calls[0]![1]).toEqual({
      keys: ['app:a', 'app:{b}c', '{app:a}:fence', '~app:{b}c:fence'],
      arguments: [lock.token, '10000', '1'],
    });
    await lock.release();
  });

  it('has no fence without fencing', async () => {
    const locker = new Locker(fakeClient());
    const lock = await locker.acquire('a');
    expect(lock.fence).toBeUndefined();
    await lock.release();
  });

  it('on NOSCRIPT, fails the acquire attempt instead of running it late, and reloads', async () => {
    const client = fakeClient();
    client.evalSha.mockRejectedValueOnce(new Error('NOSCRIPT No matching script.'));
    const lock = await new Locker(client, { retry: fixedDelay(0) }).acquire('a');
    // No EVAL with keys: the acquire was never re-sent behind later commands.
    expect(client.eval.mock.calls.every(([, options]) => options.keys.length === 0)).toBe(true);
    // Loaded before the first call, and again before the call after the NOSCRIPT.
    expect(client.eval.mock.calls).toHaveLength(2 * CORE_SCRIPTS.length);
    expect(client.evalSha.mock.calls.map(([sha1]) => sha1)).toEqual([
      acquireScript.sha1,
      releaseScript.sha1,
      acquireScript.sha1,
    ]);
    await lock.release();
  });

  it('reports a 0 reply as taken', async () => {
    const locker = new Locker(
      fakeClient(() => 0),
      { retry: noRetry },
    );
    const error = await locker.acquire('a').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LockAcquireError);
    expect((error as LockAcquireError).reason).toBe('taken');
    expect((error as LockAcquireError).nodes).toEqual([{ node: 0, outcome: 'taken' }]);
    await expect(locker.tryAcquire('a')).resolves.toBeUndefined();
  });

  it('turns a reply that is not an integer into a node error with a ScriptReplyError cause', async () => {
    const client = fakeClient((script) => (script === acquireScript.sha1 ? 'OK' : 1));
    const locker = new Locker(client, { retry: noRetry });
    const error = await locker.acquire('a').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LockAcquireError);
    const [node] = (error as LockAcquireError).nodes;
    expect(node?.outcome).toBe('error');
    expect(node?.cause).toBeInstanceOf(ScriptReplyError);
    // The attempt may have set the key before the bad reply: it is released.
    expect(client.evalSha.mock.calls.map(([sha1]) => sha1)).toEqual([
      acquireScript.sha1,
      releaseScript.sha1,
    ]);
  });

  /** A client answering every batched call with one `1` per lock (one key per lock here). */
  function batchingClient() {
    const client = fakeClient();
    const batched = [
      acquireManyScript.sha1,
      acquireManySimpleScript.sha1,
      releaseManyScript.sha1,
      releaseManySimpleScript.sha1,
    ];
    client.evalSha.mockImplementation(async (...[sha1, options]: Call) =>
      batched.includes(sha1) ? options.keys.map(() => 1) : 1,
    );
    return client;
  }

  it('sends concurrent operations of one tick as one batched script call', async () => {
    const client = batchingClient();
    const locker = new Locker(client, { coalesce: false, ttlMs: 5_000 });
    const locks = await Promise.all(['a', 'b', 'c'].map((resource) => locker.acquire(resource)));
    await Promise.all(locks.map((lock) => lock.release()));
    // One key each, one ttl: the lean scripts, with the ttl once and a token per lock.
    expect(client.evalSha.mock.calls.map(([sha1]) => sha1)).toEqual([
      acquireManySimpleScript.sha1,
      releaseManySimpleScript.sha1,
    ]);
    const [acquire, release] = client.evalSha.mock.calls.map(([, options]) => options);
    expect(acquire!.keys).toEqual(['lock:a', 'lock:b', 'lock:c']);
    expect(acquire!.arguments).toEqual(['5000', ...locks.map((lock) => lock.token)]);
    expect(release!.arguments).toEqual(locks.map((lock) => lock.token));
  });

  it('batches locks of several keys with the general script', async () => {
    const client = fakeClient();
    client.evalSha.mockImplementation(async (...[sha1, options]: Call) =>
      sha1 === acquireManyScript.sha1 ? [1, 1] : options.keys.map(() => 1),
    );
    const locker = new Locker(client, { coalesce: false, ttlMs: 5_000 });
    const [pair, single] = await Promise.all([locker.acquire(['x', 'y']), locker.acquire('z')]);
    expect(client.evalSha.mock.calls[0]![0]).toBe(acquireManyScript.sha1);
    expect(client.evalSha.mock.calls[0]![1]).toEqual({
      keys: ['lock:x', 'lock:y', 'lock:z'],
      arguments: [pair.token, '5000', '2', '0', single.token, '5000', '1', '0'],
    });
  });
});
