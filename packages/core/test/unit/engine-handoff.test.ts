// Handoff: a released lock goes to the next local waiter for the same resources, still held in
// Redis, with no command, only while it is as good as a fresh acquisition would be.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acceptsHandoff } from '../../src/engine/handoff.js';
import { lockChannels, LockNotHeldError, type Lock, type LockEvent } from '../../src/index.js';
import { acquired, deferred, extended, makeEngine, track } from './fake-backend.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A holder and one waiter queued behind it. */
async function holderAndWaiter(options: Parameters<typeof makeEngine>[0] = {}) {
  const { engine, backend } = makeEngine(options);
  const holder = await engine.acquire('r');
  const waiter = track(engine.acquire('r'));
  await vi.advanceTimersByTimeAsync(10);
  return { engine, backend, holder, waiter };
}

describe('handoff to the next local waiter', () => {
  it('passes keys, token and validity on; the old handle is released', async () => {
    const { backend, holder, waiter } = await holderAndWaiter({ ttlMs: 10_000 });
    const signal = holder.signal;
    const validUntil = holder.validUntil;
    await holder.release();
    await vi.advanceTimersByTimeAsync(0);
    const next = waiter.value!;
    expect(next.held).toBe(true);
    expect(next.token).toBe(holder.token);
    expect(next.validUntil).toBe(validUntil); // no new validity: the same keys, the same instant
    expect(backend.calls.map((call) => call.op)).toEqual(['acquire']);

    expect(holder.held).toBe(false);
    expect(signal.aborted).toBe(true);
    await expect(holder.extend()).rejects.toBeInstanceOf(LockNotHeldError);
    await expect(holder.release()).rejects.toBeInstanceOf(LockNotHeldError);
    expect(backend.calls).toHaveLength(1); // the old handle's calls never reached Redis
  });

  it('the new holder extends and releases the same keys with the same token', async () => {
    const { backend, holder, waiter } = await holderAndWaiter({ ttlMs: 10_000 });
    await holder.release();
    await vi.advanceTimersByTimeAsync(0);
    const next = waiter.value!;
    await next.extend();
    await next.release();
    const [, extend, release] = backend.calls;
    expect(extend).toMatchObject({ op: 'extend', held: { token: holder.token } });
    expect(release).toMatchObject({ op: 'release', held: { token: holder.token } });
  });

  it('auto-extends from the inherited validity', async () => {
    const { engine, backend } = makeEngine({ ttlMs: 10_000 });
    const holder = await engine.acquire('r');
    const next = track(engine.using('r', () => new Promise<void>(() => undefined)));
    await vi.advanceTimersByTimeAsync(500);
    await holder.release();
    // Handed over at 500 ms with 9,398 of the first acquisition's 9,898 ms left: extended at
    // half of that, 4,699 ms later.
    await vi.advanceTimersByTimeAsync(4_699 - 1);
    expect(backend.ops('extend')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2);
    expect(backend.ops('extend')).toHaveLength(1);
    expect(next.status).toBe('pending');
  });

  it('does not hand over with less than 90% of the waiter’s ttl left', async () => {
    const { backend, holder, waiter } = await holderAndWaiter({ ttlMs: 10_000 });
    await vi.advanceTimersByTimeAsync(900); // 8,988 ms of 9,898 left: under 9,000
    const outcome = await holder.release();
    expect(outcome.handedOver).toBeUndefined();
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.calls.map((call) => call.op)).toEqual(['acquire', 'release', 'acquire']);
    expect(waiter.value!.token).not.toBe(holder.token);
  });

  it('does not hand over to a waiter asking for a longer ttl than is left', async () => {
    const { engine, backend } = makeEngine({ ttlMs: 10_000 });
    const holder = await engine.acquire('r');
    const waiter = track(engine.acquire('r', { ttlMs: 20_000 }));
    await holder.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.ops('acquire')).toHaveLength(2);
    expect(waiter.value!.token).not.toBe(holder.token);
  });

  it('does not hand over fenced locks: the next holder needs a greater fence', async () => {
    const { engine, backend } = makeEngine({ fencing: true });
    backend.acquireDefault = acquired(7n);
    const first = await engine.acquire('r');
    const second = track(engine.acquire('r'));
    backend.acquireDefault = acquired(8n);
    await first.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(second.value!.fence).toBe(8n);
    expect(backend.calls.map((call) => call.op)).toEqual(['acquire', 'release', 'acquire']);
  });

  it('does not hand over while an extension is in flight', async () => {
    const { backend, holder, waiter } = await holderAndWaiter();
    const reply = deferred<ReturnType<typeof extended>>();
    backend.scriptExtend(() => reply.promise);
    const extending = holder.extend();
    await vi.advanceTimersByTimeAsync(0);
    await holder.release();
    reply.resolve(extended());
    await expect(extending).rejects.toBeInstanceOf(LockNotHeldError); // released meanwhile
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.calls.map((call) => call.op)).toEqual([
      'acquire',
      'extend',
      'release',
      'acquire',
    ]);
    expect(waiter.status).toBe('fulfilled');
  });

  it('skips a waiter that gave up; the one behind it takes the lock', async () => {
    const { engine, backend } = makeEngine({ ttlMs: 10_000 });
    const holder = await engine.acquire('r');
    const controller = new AbortController();
    const quitter = track(engine.acquire('r', { signal: controller.signal }));
    const next = track(engine.acquire('r'));
    controller.abort(new Error('changed my mind'));
    await vi.advanceTimersByTimeAsync(0);
    await holder.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(quitter.status).toBe('rejected');
    expect((next.value as Lock).token).toBe(holder.token);
    expect(backend.ops('acquire')).toHaveLength(1);
  });

  it('publishes the handover on the release and acquire channels', async () => {
    const events: LockEvent[] = [];
    const listener = (message: unknown): void => void events.push(message as LockEvent);
    subscribe(lockChannels.acquire.name, listener);
    subscribe(lockChannels.release.name, listener);
    try {
      const { holder } = await holderAndWaiter();
      await holder.release();
      await vi.advanceTimersByTimeAsync(0);
    } finally {
      unsubscribe(lockChannels.acquire.name, listener);
      unsubscribe(lockChannels.release.name, listener);
    }
    expect(events.map((event) => [event.ok, event.attempts, event.handedOver])).toEqual([
      [true, 1, undefined],
      [true, undefined, true],
      // The waiter's waits behind the holder, each an attempt (how many: the backoff's jitter).
      [true, expect.any(Number), true],
    ]);
    expect(events[2]!.attempts).toBeGreaterThanOrEqual(1);
  });
});

describe('acceptsHandoff', () => {
  const handoff = (validUntilMono: number, chainStartedAt: number) => ({
    held: { keys: ['k'], token: 't' },
    validUntilMono,
    chainStartedAt,
  });

  it.each([
    ['90% of the ttl left, young chain', handoff(10_000, 0), 1_000, true],
    ['just under 90% left', handoff(9_999, 0), 1_000, false],
    ['a chain as old as the ttl', handoff(30_000, 0), 10_000, false],
    ['a chain just younger than the ttl', handoff(30_000, 1), 10_000, true],
  ])('%s', (_, given, now, expected) => {
    expect(acceptsHandoff(given, 10_000, now)).toBe(expected);
  });
});
