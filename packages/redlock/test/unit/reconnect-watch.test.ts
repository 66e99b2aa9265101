// Every Redlock on a client shares one `ready` listener: no MaxListeners warning with many of
// them, and a reconnection still makes each of them identify the node again.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { RedisScriptClient, ScriptCallOptions } from '@redquorum/core';
import { Redlock } from '../../src/index.js';
import { fakeNode, type FakeNode } from '../helpers/fake-node.js';

/** A fake node whose client is also an event emitter, as node-redis clients are. */
function emittingNode(runId: string): {
  node: FakeNode;
  emitter: EventEmitter & RedisScriptClient;
} {
  const node = fakeNode(runId);
  const emitter = Object.assign(new EventEmitter(), {
    evalSha: (sha1: string, options: ScriptCallOptions) => node.client.evalSha(sha1, options),
    eval: (script: string, options: ScriptCallOptions) => node.client.eval(script, options),
  });
  return { node, emitter };
}

const identifies = (node: FakeNode): number =>
  node.scripts().filter((name) => name === 'identify').length;

describe('reconnection watching', () => {
  it('one listener per client for twenty Redlocks, each told of a reconnection', async () => {
    const nodes = ['a', 'b', 'c'].map(emittingNode);
    const clients = nodes.map(({ emitter }) => emitter);
    const redlocks = Array.from(
      { length: 20 },
      () => new Redlock(clients, { ttlMs: 10_000, restartCheckMs: 60_000 }),
    );
    for (const { emitter } of nodes) expect(emitter.listenerCount('ready')).toBe(1);

    // First contact identifies every node; then, within restartCheckMs, no more.
    for (const redlock of redlocks) await (await redlock.acquire('r')).release();
    const first = identifies(nodes[0]!.node);
    expect(first).toBe(20);
    for (const redlock of redlocks) await (await redlock.acquire('r')).release();
    expect(identifies(nodes[0]!.node)).toBe(first);

    // Node 0's client reconnects: every Redlock identifies it again before its next vote.
    nodes[0]!.emitter.emit('ready');
    for (const redlock of redlocks) await (await redlock.acquire('r')).release();
    expect(identifies(nodes[0]!.node)).toBe(first + 20);
    expect(identifies(nodes[1]!.node)).toBe(20);
  });
});
