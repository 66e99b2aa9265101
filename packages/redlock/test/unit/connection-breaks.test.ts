// A client that reports a broken connection (error, end, reconnecting) makes its node suspect
// at once, before node-redis queues anything for the reconnection; and a reply that comes back
// across such a break does not count.
import { EventEmitter } from 'node:events';
import { type RedisScriptClient, type ScriptCallOptions } from '@redquorum/core';
import { acquireScript } from '@redquorum/core/backend';
import { describe, expect, it, vi } from 'vitest';
import { LockAcquireError, noRetry, Redlock } from '../../src/index.js';
import { deferred, type Deferred } from '../helpers/deferred.js';
import { fakeNode, type FakeNode } from '../helpers/fake-node.js';

interface EmittingNode {
  readonly node: FakeNode;
  readonly emitter: EventEmitter & RedisScriptClient;
  /** When set, the next acquire is answered through it instead of by the node. */
  held: Deferred<unknown> | undefined;
}

/** A fake node whose client is also an event emitter, as node-redis clients are. */
function emittingNode(runId: string): EmittingNode {
  const node = fakeNode(runId);
  const result: EmittingNode = {
    node,
    held: undefined,
    emitter: Object.assign(new EventEmitter(), {
      evalSha: (sha1: string, options: ScriptCallOptions) => {
        const reply = node.client.evalSha(sha1, options);
        const held = result.held;
        if (sha1 !== acquireScript.sha1 || held === undefined) return reply;
        result.held = undefined;
        return held.promise;
      },
      eval: (script: string, options: ScriptCallOptions) => node.client.eval(script, options),
    }),
  };
  // The application's own listener, as node-redis asks for.
  result.emitter.on('error', () => undefined);
  return result;
}

function threeNodes(): { nodes: EmittingNode[]; redlock: Redlock } {
  const nodes = ['a', 'b', 'c'].map(emittingNode);
  const redlock = new Redlock(
    nodes.map(({ emitter }) => emitter),
    { ttlMs: 10_000, retry: noRetry, restartCheckMs: 60_000 },
  );
  return { nodes, redlock };
}

const identifies = ({ node }: EmittingNode): number =>
  node.scripts().filter((name) => name === 'identify').length;

describe('a broken connection', () => {
  it.each(['error', 'end', 'reconnecting'])(
    "('%s') has the node identified before its next vote",
    async (event) => {
      const { nodes, redlock } = threeNodes();
      await (await redlock.acquire('r')).release();
      await (await redlock.acquire('r')).release();
      expect(nodes.map(identifies)).toEqual([1, 1, 1]); // first contact only

      nodes[0]!.emitter.emit(event, new Error('Socket closed unexpectedly'));
      await (await redlock.acquire('r')).release();
      expect(nodes.map(identifies)).toEqual([2, 1, 1]);
    },
  );

  it('acquires sent in one tick share one identification per node, but not across a break', async () => {
    const { nodes, redlock } = threeNodes();
    const first = await Promise.all(
      Array.from({ length: 64 }, (_, index) => redlock.acquire(`first:${index}`)),
    );
    expect(nodes.map(identifies)).toEqual([1, 1, 1]); // was 64 per node
    await Promise.all(first.map((lock) => lock.release()));

    nodes[0]!.emitter.emit('reconnecting');
    const before = redlock.acquire('before-break');
    nodes[0]!.emitter.emit('error', new Error('Socket closed unexpectedly'));
    const after = redlock.acquire('after-break');
    await Promise.all([(await before).release(), (await after).release()]);
    // One identification ahead of each side of the break: the first cannot vouch for a vote
    // that may reach another server.
    expect(nodes.map(identifies)).toEqual([3, 1, 1]);
  });

  it('voids a yes that comes back after it: the vote may have reached another server', async () => {
    const { nodes, redlock } = threeNodes();
    await (await redlock.acquire('r')).release();
    nodes[2]!.node.acquire = 0;
    const late = deferred<unknown>();
    nodes[0]!.held = late;
    const attempt = redlock.acquire('r').catch((error: unknown) => error);
    // Sent before the break, while node 0 needed no identification; answered after it.
    await vi.waitFor(() => expect(nodes[0]!.held).toBeUndefined());
    nodes[0]!.emitter.emit('error', new Error('Socket closed unexpectedly'));
    late.resolve(1);

    const error = await attempt;
    expect(error).toBeInstanceOf(LockAcquireError);
    expect((error as LockAcquireError).nodes).toEqual([
      { node: 0, outcome: 'excluded', cause: 'its connection broke during the attempt' },
      { node: 1, outcome: 'ok' },
      { node: 2, outcome: 'taken' },
    ]);
  });

  it('does not swallow the errors of a client that has no error listener of its own', () => {
    const client = Object.assign(new EventEmitter(), fakeNode('a').client);
    const other = fakeNode('b').client;
    const third = fakeNode('c').client;
    void new Redlock([client, other, third], { ttlMs: 10_000 });
    expect(() => client.emit('error', new Error('ECONNRESET'))).toThrow('ECONNRESET');

    const listened = emittingNode('d').emitter;
    void new Redlock([listened, other, third], { ttlMs: 10_000 });
    expect(() => listened.emit('error', new Error('ECONNRESET'))).not.toThrow();
  });
});
