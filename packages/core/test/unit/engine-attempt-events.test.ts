// Issue 13 item 5: every attempt's per-node answers reach the diagnostics channel, not only the
// last attempt's (which LockAcquireError carries).
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedDelay, lockChannels, type LockEvent } from '../../src/index.js';
import { acquired, makeEngine, taken, unreachable } from './fake-backend.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function recordAttempts(): { events: LockEvent[] } & Disposable {
  const events: LockEvent[] = [];
  const listener = (message: unknown): void => void events.push(message as LockEvent);
  subscribe(lockChannels.attempt.name, listener);
  return { events, [Symbol.dispose]: () => unsubscribe(lockChannels.attempt.name, listener) };
}

describe('redquorum:attempt', () => {
  it('publishes every attempt with its nodes, the failed ones included', async () => {
    using recorded = recordAttempts();
    const { engine, backend } = makeEngine({ retry: fixedDelay(10) });
    backend.scriptAcquire(unreachable(), taken(), acquired());
    const lock = engine.acquire('r');
    await vi.advanceTimersByTimeAsync(20);
    expect((await lock).attempts).toBe(3);
    expect(recorded.events.map((event) => [event.attempts, event.ok, event.nodes])).toEqual([
      [1, false, [{ node: 0, outcome: 'timeout' }]],
      [2, false, [{ node: 0, outcome: 'taken' }]],
      [3, true, [{ node: 0, outcome: 'ok' }]],
    ]);
    expect(recorded.events.every((event) => event.resources[0] === 'r')).toBe(true);
  });

  it('publishes a wait behind a holder in this process as an attempt with no nodes', async () => {
    using recorded = recordAttempts();
    const { engine } = makeEngine({ retry: fixedDelay(10) });
    const holder = await engine.acquire('r');
    const waiter = engine.acquire('r', { ttlMs: 20_000 }); // no handoff: it goes to Redis
    await vi.advanceTimersByTimeAsync(15);
    await holder.release();
    await waiter;
    expect(recorded.events.map((event) => [event.attempts, event.ok, event.nodes])).toEqual([
      [1, true, [{ node: 0, outcome: 'ok' }]],
      [1, false, []],
      [2, false, []],
      [3, true, [{ node: 0, outcome: 'ok' }]],
    ]);
  });
});
