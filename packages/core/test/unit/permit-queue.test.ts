// The in-process line of a semaphore's acquisitions: only the first tries, leaving passes the
// turn on (waking the next), and waits end by their timer, their signal, or that wake.
import { describe, expect, it } from 'vitest';
import { SignalListeners } from '../../src/engine/signal-listeners.js';
import { PermitQueue } from '../../src/semaphore/permit-queue.js';

const listeners = new SignalListeners();

describe('PermitQueue', () => {
  it('keeps arrival order per resource; leaving passes the turn on', () => {
    const queue = new PermitQueue();
    const a = queue.join('r');
    const b = queue.join('r');
    const other = queue.join('s');
    expect([a.first, b.first, other.first]).toEqual([true, false, true]);
    queue.leave('r', a);
    expect(b.first).toBe(true);
    queue.leave('r', a); // twice: nothing
    expect(b.first).toBe(true);
  });

  it('leaving wakes the next only, and only when the first leaves', async () => {
    const queue = new PermitQueue();
    const a = queue.join('r');
    const b = queue.join('r');
    const c = queue.join('r');
    let cWoken: boolean | undefined;
    void c.wait(20, undefined, listeners).then((woken) => (cWoken = woken));
    const bWaiting = b.wait(60_000, undefined, listeners);
    queue.leave('r', a);
    await expect(bWaiting).resolves.toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(cWoken).toBe(false); // its own timer ended it
    expect(c.first).toBe(false);
  });

  it('a wake while not waiting is kept for the next wait', async () => {
    const queue = new PermitQueue();
    const a = queue.join('r');
    const b = queue.join('r');
    queue.leave('r', a);
    await expect(b.wait(60_000, undefined, listeners)).resolves.toBe(true);
    await expect(b.wait(5, undefined, listeners)).resolves.toBe(false); // used up
  });

  it('the new first is woken when the one before leaves', async () => {
    const queue = new PermitQueue();
    const a = queue.join('r');
    const b = queue.join('r');
    const waiting = b.wait(60_000, undefined, listeners);
    queue.leave('r', a);
    await expect(waiting).resolves.toBe(true);
  });

  it('a wait rejects with the signal’s reason when it aborts', async () => {
    const queue = new PermitQueue();
    const turn = queue.join('r');
    const controller = new AbortController();
    const waiting = turn.wait(60_000, controller.signal, listeners);
    controller.abort(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
    queue.leave('r', turn);
    expect(queue.join('r').first).toBe(true); // the line is empty again
  });
});
