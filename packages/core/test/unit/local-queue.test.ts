// The local queue's bookkeeping: a waiter alone leaves without a lookup, but never twice.
import { describe, expect, it } from 'vitest';
import { LocalQueue } from '../../src/engine/local-queue.js';
import { SignalListeners } from '../../src/engine/signal-listeners.js';
import { queueIdentity, sameKeys } from '../../src/engine/queue-identity.js';

const queue = () => new LocalQueue(() => true);
const listeners = new SignalListeners();

describe('LocalQueue', () => {
  it('a second leave() of a waiter that was alone does not remove a later waiter', () => {
    const q = queue();
    const first = q.enter('k', 1_000, ['k']);
    expect(first.turn).toBe(true);
    first.leave();
    expect(q.isBusy('k')).toBe(false);
    const second = q.enter('k', 1_000, ['k']);
    first.leave();
    expect(q.isBusy('k')).toBe(true);
    second.leave();
    expect(q.isBusy('k')).toBe(false);
  });

  it('a head that was joined hands over and leaves through the full path', async () => {
    const q = queue();
    const head = q.enter('k', 1_000, ['k']);
    const next = q.enter('k', 1_000, ['k']);
    expect(next.turn).toBe(false);
    const turn = next.waitTurn(60_000, undefined, listeners);
    const handoff = { held: { keys: ['k'], token: 't' }, validUntilMono: 1e12, chainStartedAt: 0 };
    expect(head.handOver(handoff)).toBe(true);
    expect(await turn).toBe(true);
    expect(next.handoff).toBe(handoff);
    head.leave(); // already out of the queue: no effect
    expect(q.isBusy('k')).toBe(true);
    next.leave();
    expect(q.isBusy('k')).toBe(false);
  });

  it('a waiter handed the lock between two waits finds its turn at once', async () => {
    const q = queue();
    const head = q.enter('k', 1_000, ['k']);
    const next = q.enter('k', 1_000, ['k']);
    const handoff = { held: { keys: ['k'], token: 't' }, validUntilMono: 1e12, chainStartedAt: 0 };
    expect(head.handOver(handoff)).toBe(true); // not waiting at this instant
    expect(next.turn).toBe(true);
    expect(await next.waitTurn(60_000, undefined, listeners)).toBe(true);
    next.leave();
  });
});

describe('queue identity and handoffs across key lists', () => {
  it('a handoff of other keys is refused: the holder then releases, the waiter tries Redis', async () => {
    const q = new LocalQueue((handoff, _ttlMs, keys) => sameKeys(handoff.held.keys, keys));
    const head = q.enter('k', 1_000, ['lock:a\nlock:b']);
    const next = q.enter('k', 1_000, ['lock:a', 'lock:b']);
    const turn = next.waitTurn(60_000, undefined, listeners);
    const held = { keys: ['lock:a\nlock:b'], token: 't' };
    expect(head.handOver({ held, validUntilMono: 1e12, chainStartedAt: 0 })).toBe(false);
    head.leave();
    expect(await turn).toBe(true);
    expect(next.handoff).toBeUndefined();
    next.leave();
  });

  it('distinct key lists get distinct identities, whatever the names hold', () => {
    const lists = [
      ['lock:a\nlock:b'],
      ['lock:a', 'lock:b'],
      ['1:', '2'],
      ['1', ':2'],
      ['2:1:a'],
      ['a'],
      ['1:a'],
      [''],
      ['', ''],
      ['2:', ''],
      ['b', 'a'],
      ['a', 'b'],
    ];
    const identities = new Map<string, string[]>();
    for (const list of lists) {
      const identity = queueIdentity(list);
      expect(identities.get(identity), JSON.stringify(list)).toBeUndefined();
      identities.set(identity, list);
    }
    expect(sameKeys(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameKeys(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameKeys(['a'], ['a', 'a'])).toBe(false);
  });
});
