// A node with an overdue call gets no new commands (they count as timeouts at once), one probe
// per timeout period, and its final releases are kept and sent when it answers again.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RedisScriptClient, type ScriptCallOptions } from '../../src/index.js';
import { NodeBatchers, NodeHealth, releaseManySimpleScript } from '../../src/backend.js';

const TIMEOUT_MS = 200;

interface SentCall {
  readonly sha: string;
  readonly options: ScriptCallOptions;
  readonly reply: (value: unknown) => void;
}

/** A client whose replies the test gives, one by one. */
function manualClient(): RedisScriptClient & { sent: SentCall[] } {
  const sent: SentCall[] = [];
  return {
    sent,
    evalSha: (sha, options) =>
      new Promise((resolve) => {
        sent.push({ sha, options, reply: resolve });
      }),
    eval: () => Promise.reject(new Error('EVAL not expected')),
  };
}

const request = (token: string) => ({ keys: ['k'], fenceKeys: undefined, token, ttlMs: 10_000 });
const held = (token: string) => ({ keys: ['k'], token });

describe('NodeHealth', () => {
  it('admits every call while healthy', () => {
    const health = new NodeHealth(TIMEOUT_MS, () => 0);
    expect([health.admit(), health.admit(), health.unresponsive]).toEqual([true, true, false]);
  });

  it('after a timeout admits one probe per timeout period, until every overdue call settled', () => {
    let now = 1_000;
    const health = new NodeHealth(TIMEOUT_MS, () => now);
    const recovered = vi.fn();
    health.onRecover(recovered);
    health.timedOut();
    health.timedOut();
    expect(health.unresponsive).toBe(true);
    expect(health.admit()).toBe(false);
    now += TIMEOUT_MS - 1;
    expect(health.admit()).toBe(false);
    now += 1;
    expect([health.admit(), health.admit()]).toEqual([true, false]);
    health.answered();
    expect(recovered).not.toHaveBeenCalled();
    health.answered();
    expect(recovered).toHaveBeenCalledTimes(1);
    expect([health.unresponsive, health.admit()]).toEqual([false, true]);
    health.answered(); // a stray late reply does not go negative
    expect(health.unresponsive).toBe(false);
  });
});

describe('NodeBatchers on an unresponsive node', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function frozenNode() {
    const client = manualClient();
    const node = new NodeBatchers(client, {
      timeoutMs: TIMEOUT_MS,
      batchable: true,
      now: () => Date.now(),
    });
    const first = node.acquire.call(request('t0'));
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS);
    expect(await first).toEqual({ kind: 'timeout' });
    expect(client.sent).toHaveLength(1);
    return { client, node };
  }

  it('sends no acquire, extension or release: they settle as timeouts at once', async () => {
    const { client, node } = await frozenNode();
    const settled = await Promise.all([
      node.acquire.call(request('t1')),
      node.extend.call({ held: held('t1'), ttlMs: 10_000 }),
      node.release.call(held('t1')),
    ]);
    expect(settled.map((s) => s.kind)).toEqual(['timeout', 'timeout', 'timeout']);
    expect(client.sent).toHaveLength(1);
  });

  it('sends a cleanup at once, behind the attempt it cleans up, without waiting for it', async () => {
    const { client, node } = await frozenNode();
    expect(await node.cleanup.call(held('t0'))).toEqual({ kind: 'timeout' });
    expect(client.sent).toHaveLength(2);
    expect(client.sent[1]!.options.arguments).toEqual(['t0']);
  });

  it('probes once per timeout period', async () => {
    const { client, node } = await frozenNode();
    void node.acquire.call(request('t1'));
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS - 1);
    void node.acquire.call(request('t2'));
    await vi.advanceTimersByTimeAsync(0);
    expect(client.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    void node.acquire.call(request('t3'));
    void node.acquire.call(request('t4'));
    await vi.advanceTimersByTimeAsync(0);
    expect(client.sent).toHaveLength(2); // t3 and t4 in one batch: the probe
    expect(client.sent[1]!.options.arguments).toContain('t4');
  });

  it('sends the kept final releases once the node answers again', async () => {
    const { client, node } = await frozenNode();
    void node.release.call(held('a'));
    void node.release.call(held('b'));
    await vi.advanceTimersByTimeAsync(0);
    expect(client.sent).toHaveLength(1);

    client.sent[0]!.reply(1); // the overdue acquire's late reply: the node is back
    await vi.advanceTimersByTimeAsync(0);
    expect(client.sent).toHaveLength(2);
    const resent = client.sent[1]!;
    expect(resent.options.arguments).toEqual(['a', 'b']); // one batched release call
    expect(resent.sha).toBe(releaseManySimpleScript.sha1);

    // Healthy again: calls go out as usual.
    void node.acquire.call(request('t9'));
    await vi.advanceTimersByTimeAsync(0);
    expect(client.sent).toHaveLength(3);
  });
});
