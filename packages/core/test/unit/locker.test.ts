// Locker = the engine over SingleNodeBackend: what goes over the wire to a (fake) client.
import { describe, expect, it, vi } from 'vitest';
import {
  acquireManyScript,
  acquireScript,
  releaseManyScript,
  CORE_SCRIPTS,
  fixedDelay,
  extendScript,
  LockAcquireError,
  Locker,
  noRetry,
  releaseScript,
  ScriptReplyError,
} from '../../src/index.js';
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
      keys: ['app:a', 'app:{b}c', '{app:a}:fence', 'app:{b}c:fence'],
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

  it('sends concurrent operations of one tick as one batched script call', async () => {
    const client = fakeClient();
    client.evalSha.mockImplementation(async (...[sha1, options]: Call) =>
      sha1 === acquireManyScript.sha1 || sha1 === releaseManyScript.sha1
        ? Array.from(
            { length: options.arguments.length / (sha1 === acquireManyScript.sha1 ? 4 : 2) },
            () => 1,
          )
        : 1,
    );
    const locker = new Locker(client, { coalesce: false });
    const locks = await Promise.all(['a', 'b', 'c'].map((resource) => locker.acquire(resource)));
    await Promise.all(locks.map((lock) => lock.release()));
    expect(client.evalSha.mock.calls.map(([sha1]) => sha1)).toEqual([
      acquireManyScript.sha1,
      releaseManyScript.sha1,
    ]);
    expect(client.evalSha.mock.calls[0]![1].keys).toEqual(['lock:a', 'lock:b', 'lock:c']);
  });
});
