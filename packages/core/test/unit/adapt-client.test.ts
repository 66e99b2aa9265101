// Which adapter a client gets, by its shape, and what each adapter does with the traps of its
// library. Fakes of the two shapes (node-redis: evalSha with an options object; ioredis:
// evalsha with flat arguments); the real libraries run in the client matrix
// (packages/redlock/test/integration/clients).
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  adaptClient,
  ClientSideError,
  defineScript,
  hashSlot,
  withScriptLoading,
} from '../../src/backend.js';
import type { ConnectionEvent } from '../../src/backend.js';

function ioredisFake(extra: Record<string, unknown> = {}) {
  const emitter = new EventEmitter();
  return Object.assign(emitter, {
    status: 'ready',
    evalsha: vi.fn((..._args: unknown[]) => Promise.resolve('sha-reply')),
    eval: vi.fn((..._args: unknown[]) => Promise.resolve('eval-reply')),
    ...extra,
  });
}

function nodeRedisFake(extra: Record<string, unknown> = {}) {
  return Object.assign(new EventEmitter(), {
    isOpen: true,
    evalSha: vi.fn(() => Promise.resolve(1)),
    eval: vi.fn(() => Promise.resolve(1)),
    ...extra,
  });
}

const events = (client: object) => {
  const seen: ConnectionEvent[] = [];
  adaptClient(client).onConnection((event) => seen.push(event));
  return seen;
};

describe('adaptClient', () => {
  it('recognises each library by its methods, and names a bad argument', () => {
    expect(adaptClient(nodeRedisFake()).family).toBe('node-redis');
    expect(adaptClient(ioredisFake()).family).toBe('ioredis');
    const custom = { evalSha: () => Promise.resolve(1), eval: () => Promise.resolve(1) };
    expect(adaptClient(custom).family).toBe('custom');
    expect(() => adaptClient({ get: () => 1 }, 'clients[2]')).toThrow(
      /^clients\[2\] must be a Redis client: node-redis v4 to v6.*ioredis 5 or 6/,
    );
    // node_redis v3: lowercase evalsha, but callbacks: refused by name, not taken for ioredis.
    const v3 = { evalsha: () => true, eval: () => true, send_command: () => true, connected: true };
    expect(() => adaptClient(v3, 'clients[0]')).toThrow(/clients\[0\] is a node_redis v3/);
    for (const bad of [null, undefined, 42, 'redis://x', { evalsha: 1, eval: 2 }]) {
      expect(() => adaptClient(bad)).toThrow(TypeError);
    }
  });

  it('ioredis: keys and arguments flat after their count; a closed client is the caller’s error', async () => {
    const client = ioredisFake();
    const adapter = adaptClient(client);
    await expect(adapter.evalSha('abc', { keys: ['k1', 'k2'], arguments: ['a'] })).resolves.toBe(
      'sha-reply',
    );
    expect(client.evalsha).toHaveBeenCalledWith('abc', 2, 'k1', 'k2', 'a');
    await adapter.eval('return 1', { keys: [], arguments: [] });
    expect(client.eval).toHaveBeenCalledWith('return 1', 0);
    client.status = 'end';
    const closed: unknown = await adapter
      .evalSha('abc', { keys: ['k'], arguments: [] })
      .catch((error: unknown) => error);
    expect(closed).toBeInstanceOf(ClientSideError);
    expect(String(closed)).toMatch(/closed or was never connected/);
    expect(client.evalsha).toHaveBeenCalledTimes(1);
  });

  it('ioredis Cluster: a call without keys goes to the master of its routing key, as the slot table says', async () => {
    const master = (port: number) => ({
      options: { host: '10.0.0.1', port },
      evalsha: vi.fn(() => Promise.resolve(`from ${port}`)),
      eval: vi.fn(() => Promise.resolve(`from ${port}`)),
    });
    const masters = [master(7000), master(7001)];
    const slots: string[][] = [];
    slots[hashSlot('{redquorum}:identify')] = ['10.0.0.1:7001', '10.0.0.2:7101'];
    const cluster = ioredisFake({ isCluster: true, slots, nodes: () => masters });
    const adapter = adaptClient(cluster);
    expect(adapter.cluster).toBe(true);
    expect(adapter.targetOf('{redquorum}:identify')).toBe('10.0.0.1:7001');
    expect(adapter.targetOf('unmapped')).toBeUndefined(); // not known yet
    const keyless = { keys: [], arguments: [], routingKey: '{redquorum}:identify' };
    await expect(adapter.evalSha('abc', keyless)).resolves.toBe('from 7001');
    await expect(adapter.eval('return 1', keyless)).resolves.toBe('from 7001');
    // Keys route themselves (the cluster client hashes the first); no slot known: the client.
    await expect(adapter.evalSha('abc', { keys: ['k'], arguments: [] })).resolves.toBe('sha-reply');
    await expect(
      adapter.evalSha('abc', { keys: [], arguments: [], routingKey: 'unmapped' }),
    ).resolves.toBe('sha-reply');
  });

  it('ioredis Cluster with a keyPrefix: the target is the prefixed key’s master', () => {
    const slots: string[][] = [];
    expect(hashSlot('app:k')).not.toBe(hashSlot('k'));
    slots[hashSlot('app:k')] = ['10.0.0.1:7000'];
    slots[hashSlot('k')] = ['10.0.0.1:7001'];
    const cluster = ioredisFake({
      isCluster: true,
      slots,
      options: { redisOptions: { keyPrefix: 'app:' } },
    });
    expect(adaptClient(cluster).targetOf('k')).toBe('10.0.0.1:7000');
    const plain = ioredisFake({ isCluster: true, slots, options: {} });
    expect(adaptClient(plain).targetOf('k')).toBe('10.0.0.1:7001');
  });

  it('ioredis Cluster with auto-pipelining: keyed script calls go to their master, back through the cluster on MOVED', async () => {
    const moved = Object.assign(new Error('MOVED 3999 10.0.0.2:7002'), {});
    const master = {
      options: { host: '10.0.0.1', port: 7000 },
      evalsha: vi.fn((..._args: unknown[]) => Promise.resolve('from master')),
      eval: vi.fn((..._args: unknown[]) => Promise.resolve('from master')),
    };
    const slots: string[][] = [];
    slots[hashSlot('k')] = ['10.0.0.1:7000'];
    const cluster = ioredisFake({
      isCluster: true,
      slots,
      nodes: () => [master],
      options: { enableAutoPipelining: true },
    });
    const adapter = adaptClient(cluster);
    const call = { keys: ['k'], arguments: ['a'] };
    await expect(adapter.evalSha('abc', call)).resolves.toBe('from master');
    expect(master.evalsha).toHaveBeenCalledWith('abc', 1, 'k', 'a');
    expect(cluster.evalsha).not.toHaveBeenCalled();
    master.evalsha.mockImplementationOnce(() => Promise.reject(moved));
    await expect(adapter.evalSha('abc', call)).resolves.toBe('sha-reply');
    expect(cluster.evalsha).toHaveBeenCalledWith('abc', 1, 'k', 'a');
    // Another error is the node's answer: not sent twice.
    master.evalsha.mockImplementationOnce(() => Promise.reject(new Error('BUSY')));
    await expect(adapter.evalSha('abc', call)).rejects.toThrow('BUSY');
    expect(cluster.evalsha).toHaveBeenCalledTimes(1);
    // A cluster-level keyPrefix its masters' connections would not apply: through the cluster.
    const prefixed = ioredisFake({
      isCluster: true,
      slots: [],
      nodes: () => [master],
      options: { enableAutoPipelining: true, keyPrefix: 'app:' },
    });
    await adaptClient(prefixed).evalSha('abc', call);
    expect(prefixed.evalsha).toHaveBeenCalledTimes(1);
  });

  it('node-redis cluster: the target is the slot master’s address', () => {
    const getSlotMaster = vi.fn((slot: number) => ({ address: `master-of-${slot}` }));
    const adapter = adaptClient(nodeRedisFake({ getSlotMaster, sendCommand: vi.fn() }));
    expect(adapter.cluster).toBe(true);
    expect(adapter.targetOf('{a}:1')).toBe(`master-of-${hashSlot('a')}`);
    expect(adapter.targetOf(undefined)).toBeUndefined();
    expect(adaptClient(nodeRedisFake()).targetOf('{a}:1')).toBe('');
  });

  it('connection events: each library’s names for a break and a recovery', () => {
    const io = ioredisFake();
    const ioSeen = events(io);
    for (const name of ['close', 'reconnecting', 'end', 'ready']) io.emit(name);
    // ioredis only logs an error nobody handles: watching must not start throwing it.
    expect(() => io.emit('error', new Error('ECONNRESET'))).not.toThrow();
    expect(ioSeen).toEqual(['broke', 'broke', 'broke', 'ready', 'broke']);

    const cluster = ioredisFake({ isCluster: true });
    const clusterSeen = events(cluster);
    for (const name of ['+node', '-node', 'node error']) cluster.emit(name);
    expect(clusterSeen).toEqual(['broke', 'broke', 'broke']);

    const node = nodeRedisFake();
    const nodeSeen = events(node);
    for (const name of ['end', 'reconnecting', 'ready', 'close']) node.emit(name);
    expect(nodeSeen).toEqual(['broke', 'broke', 'ready']);
    // node-redis's EventEmitter throws an unhandled error: still so when only we listen.
    expect(() => node.emit('error', new Error('boom'))).toThrow('boom');
    node.on('error', () => undefined);
    expect(() => node.emit('error', new Error('handled'))).not.toThrow();
  });
});

describe('withScriptLoading', () => {
  it('loads once per target; a cluster that does not know its slots yet gets EVAL instead', async () => {
    const calls: string[] = [];
    let known = false;
    const client = {
      evalSha: (sha1: string) => {
        calls.push(`evalsha ${sha1}`);
        return Promise.resolve(1);
      },
      eval: (lua: string, options: { keys: string[] }) => {
        calls.push(`eval ${lua} [${options.keys.join(',')}]`);
        return Promise.resolve(1);
      },
      targetOf: (key: string | undefined) => (known && key !== undefined ? `m-${key}` : undefined),
    };
    const script = defineScript('one', 'return 1');
    const loading = withScriptLoading(client, [script]);
    await loading.evalSha(script.sha1, { keys: ['a'], arguments: [] });
    expect(calls).toEqual(['eval return 1 [a]']); // runs where its key lives, caches there
    known = true;
    calls.length = 0;
    await loading.evalSha(script.sha1, { keys: ['a'], arguments: [] });
    await loading.evalSha(script.sha1, { keys: ['a'], arguments: [] });
    await loading.evalSha(script.sha1, { keys: ['b'], arguments: [] });
    expect(calls).toEqual([
      'eval return 1 []',
      `evalsha ${script.sha1}`,
      `evalsha ${script.sha1}`,
      'eval return 1 []',
      `evalsha ${script.sha1}`,
    ]);
  });
});
