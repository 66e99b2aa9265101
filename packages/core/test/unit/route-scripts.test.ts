// node-redis v4 cluster clients would send every script to a random master: routeScripts sends
// them by the cluster's sendCommand, with the key whose slot's master must run them.
import { describe, expect, it, vi } from 'vitest';
import { routeScripts } from '../../src/backend.js';
import type { RedisScriptClient } from '../../src/index.js';

function standalone(): RedisScriptClient {
  return { evalSha: vi.fn(async () => 1), eval: vi.fn(async () => 1) };
}

/** A cluster client's shape: `getSlotMaster` marks it, `sendCommand` routes by first key. */
function cluster() {
  return {
    evalSha: vi.fn(async () => 1),
    eval: vi.fn(async () => 1),
    getSlotMaster: () => undefined,
    sendCommand: vi.fn(async (..._args: [string | undefined, boolean, string[]]) => 'reply'),
  };
}

describe('routeScripts', () => {
  it('returns a standalone client as it is', () => {
    const client = standalone();
    expect(routeScripts(client)).toBe(client);
  });

  it("sends a cluster's EVALSHA and EVAL by sendCommand, routed by the first key", async () => {
    const client = cluster();
    const routed = routeScripts(client);
    const options = { keys: ['{o}:1', '{o}:2'], arguments: ['token', '10000'] };
    expect(await routed.evalSha('sha', options)).toBe('reply');
    expect(await routed.eval('return 1', options)).toBe('reply');
    expect(client.sendCommand.mock.calls).toEqual([
      ['{o}:1', false, ['EVALSHA', 'sha', '2', '{o}:1', '{o}:2', 'token', '10000']],
      ['{o}:1', false, ['EVAL', 'return 1', '2', '{o}:1', '{o}:2', 'token', '10000']],
    ]);
    expect(client.evalSha).not.toHaveBeenCalled();
    expect(client.eval).not.toHaveBeenCalled();
  });

  it('routes a call without keys (a script load) by its routingKey', async () => {
    const client = cluster();
    await routeScripts(client).eval('return 1', { keys: [], arguments: [], routingKey: 'lock:a' });
    expect(client.sendCommand.mock.calls).toEqual([['lock:a', false, ['EVAL', 'return 1', '0']]]);
  });

  it("passes the cluster's rejection through unchanged", async () => {
    const client = cluster();
    const moved = new Error('CLUSTERDOWN');
    client.sendCommand.mockRejectedValueOnce(moved);
    await expect(routeScripts(client).evalSha('sha', { keys: ['k'], arguments: [] })).rejects.toBe(
      moved,
    );
  });
});
