// The local queue's bookkeeping: a waiter alone leaves without a lookup, but never twice.
import { describe, expect, it } from 'vitest';
import { LocalQueue, type Ticket } from '../../src/engine/local-queue.js';
import { queueIdentity, sameKeys } from '../../src/engine/queue-identity.js';

const queue = () =>
  new LocalQueue(
    () => true,
    () => new Error('timed out in the queue'),
  );

describe('LocalQueue', () => {
  it('a second leave() of a waiter that was alone does not remove a later waiter', () => {
    const q = queue();
    const first = q.enter('k', undefined, Infinity, 1_000, ['k']) as Ticket;
    first.leave();
    expect(q.isBusy('k')).toBe(false);
    const second = q.enter('k', undefined, Infinity, 1_000, ['k']) as Ticket;
    first.leave();
    expect(q.isBusy('k')).toBe(true);
    second.leave();
    expect(q.isBusy('k')).toBe(false);
  });

  it('a head that was joined hands over and leaves through the full path', async () => {
    const q = queue();
    const head = q.enter('k', undefined, Infinity, 1_000, ['k']) as Ticket;
    const next = q.enter('k', undefined, Infinity, 1_000, ['k']) as Promise<Ticket>;
    const handoff = { held: { keys: ['k'], token: 't' }, validUntilMono: 1e12, chainStartedAt: 0 };
    expect(head.handOver(handoff)).toBe(true);
    const ticket = await next;
    expect(ticket.handoff).toBe(handoff);
    head.leave(); // already out of the queue: no effect
    expect(q.isBusy('k')).toBe(true);
    ticket.leave();
    expect(q.isBusy('k')).toBe(false);
  });
});

describe('queue identity and handoffs across key lists', () => {
  it('a handoff of other keys is refused: the holder then releases, the waiter tries Redis', async () => {
    const q = new LocalQueue(
      (handoff, _ttlMs, keys) => sameKeys(handoff.held.keys, keys),
      () => new Error('timed out in the queue'),
    );
    const head = q.enter('k', undefined, Infinity, 1_000, ['lock:a\nlock:b']) as Ticket;
    const next = q.enter('k', undefined, Infinity, 1_000, ['lock:a', 'lock:b']) as Promise<Ticket>;
    const held = { keys: ['lock:a\nlock:b'], token: 't' };
    expect(head.handOver({ held, validUntilMono: 1e12, chainStartedAt: 0 })).toBe(false);
    head.leave();
    const ticket = await next;
    expect(ticket.handoff).toBeUndefined();
    ticket.leave();
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
