// The local queue's bookkeeping: a waiter alone leaves without a lookup, but never twice.
import { describe, expect, it } from 'vitest';
import { LocalQueue, type Ticket } from '../../src/engine/local-queue.js';

const queue = () =>
  new LocalQueue(
    () => true,
    () => new Error('timed out in the queue'),
  );

describe('LocalQueue', () => {
  it('a second leave() of a waiter that was alone does not remove a later waiter', () => {
    const q = queue();
    const first = q.enter('k', undefined, Infinity, 1_000) as Ticket;
    first.leave();
    expect(q.isBusy('k')).toBe(false);
    const second = q.enter('k', undefined, Infinity, 1_000) as Ticket;
    first.leave();
    expect(q.isBusy('k')).toBe(true);
    second.leave();
    expect(q.isBusy('k')).toBe(false);
  });

  it('a head that was joined hands over and leaves through the full path', async () => {
    const q = queue();
    const head = q.enter('k', undefined, Infinity, 1_000) as Ticket;
    const next = q.enter('k', undefined, Infinity, 1_000) as Promise<Ticket>;
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
