// One regression test per defect of the seed (STYLE.md, "The seed's defects"); defect 9's is
// integration/seed-defect-9.test.ts, since it needs a real Redis.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  exponentialBackoff,
  fixedDelay,
  LockAcquireError,
  Locker,
  LockLostError,
  LockNotHeldError,
  noJitter,
  noRetry,
} from '../../src/index.js';
import { acquireScript, extendScript, raiseFenceScript, releaseScript } from '../../src/backend.js';
import type { Lock } from '../../src/index.js';
import type { LuaScript } from '../../src/backend.js';
import { acquired, after, extendUnreachable, makeEngine, taken, track } from './fake-backend.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * Whether every `if`/`for`/`while`/`function` block of a Lua chunk is closed by an `end`.
 * Comments and string literals are dropped first.
 */
function blocksBalanced(lua: string): boolean {
  const code = lua
    .replace(/--\[\[[\s\S]*?\]\]/g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, ' ');
  let open = 0;
  for (const [word] of code.matchAll(/\b(?:if|for|while|function|end)\b/g)) {
    open += word === 'end' ? -1 : 1;
    if (open < 0) return false;
  }
  return open === 0;
}

const scripts: LuaScript[] = [acquireScript, extendScript, releaseScript, raiseFenceScript];

describe('the seed’s defects', () => {
  it('seed defect 1: after the retry delay, acquire retries instead of returning nothing', async () => {
    const { engine, backend } = makeEngine({ retry: fixedDelay(100) });
    backend.scriptAcquire(taken());
    const result = track(engine.acquire('r'));
    await vi.advanceTimersByTimeAsync(100);
    expect(backend.ops('acquire')).toHaveLength(2);
    expect(result.status).toBe('fulfilled');
    expect(result.value?.held).toBe(true);
  });

  it('seed defect 2: with no retry, a failed attempt ends the acquisition; tryAcquire waits for its one reply', async () => {
    const { engine, backend } = makeEngine({ retry: noRetry });
    backend.acquireDefault = taken();
    const error = await engine.acquire('r').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LockAcquireError);
    expect((error as LockAcquireError).attempts).toBe(1);
    expect(vi.getTimerCount()).toBe(0);

    // A slow reply is still awaited: no zero timeout that fails every attempt at once.
    backend.scriptAcquire(after(150, acquired()));
    const slow = track(engine.tryAcquire('r'));
    await vi.advanceTimersByTimeAsync(150);
    expect(slow.value?.held).toBe(true);
    expect(backend.ops('acquire')).toHaveLength(2);
  });

  it('seed defect 3: a fresh lock’s extend sends its ttl, not 0', async () => {
    const client = { evalSha: vi.fn(async () => 1), eval: vi.fn(async () => 1) };
    const lock = await new Locker(client, { ttlMs: 5_000 }).acquire('r');
    await lock.extend();
    expect(client.evalSha).toHaveBeenLastCalledWith(extendScript.sha1, {
      keys: ['lock:r'],
      arguments: [lock.token, '5000'],
    });
    await lock.release();
  });

  // The real guard is test/integration/scripts.test.ts, which SCRIPT LOADs every script into
  // a real redis-server and compares the returned hash; this catches the seed's missing `end`
  // without a server.
  it.each(scripts.map((script) => [script.name, script] as const))(
    'seed defect 4: the %s script closes its blocks and is hashed from its source',
    (_name, script) => {
      expect(blocksBalanced(script.lua)).toBe(true);
      expect(script.sha1).toBe(createHash('sha1').update(script.lua).digest('hex'));
    },
  );

  it('seed defect 4: the block check rejects the seed’s lock.lua', () => {
    const seedLockLua = `--[[ is the value ours? ]]
if redis.call("get", KEYS[1]) == ARGV[1]
then
  return redis.call("pexpire", KEYS[1], ARGV[2])
else
  return redis.call("set", KEYS[1], ARGV[1], "NX", "PX", ARGV[2])
`;
    expect(blocksBalanced(seedLockLua)).toBe(false);
    expect(blocksBalanced(`${seedLockLua}end\n`)).toBe(true);
  });

  it('seed defect 5: a second release rejects with LockNotHeldError and auto-extension stops', async () => {
    const { engine, backend } = makeEngine({ ttlMs: 1_000, autoExtend: true });
    const lock = await engine.acquire('r');
    await vi.advanceTimersByTimeAsync(500);
    expect(backend.ops('extend')).toHaveLength(1);
    await lock.release();
    await expect(lock.release()).rejects.toBeInstanceOf(LockNotHeldError);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(backend.ops('extend')).toHaveLength(1);
    expect(backend.ops('release')).toHaveLength(1);
  });

  it('seed defect 6: failing auto-extension is bounded and reported through lock.signal', async () => {
    const { engine, backend } = makeEngine({ ttlMs: 1_000, autoExtend: true });
    backend.extendDefault = extendUnreachable();
    const lock = await engine.acquire('r');
    const reasons: unknown[] = [];
    lock.signal.addEventListener('abort', () => reasons.push(lock.signal.reason));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toBeInstanceOf(LockLostError);
    expect((reasons[0] as LockLostError).reason).toBe('extend-failed');
    expect(backend.ops('extend').length).toBeLessThan(10);
  });

  it('seed defect 7: coalesced acquisitions never hold the lock at the same time', async () => {
    const { engine, backend } = makeEngine();
    let holding = 0;
    let most = 0;
    const order: number[] = [];
    const contender = async (i: number): Promise<void> => {
      const lock: Lock = await engine.acquire('r');
      holding++;
      most = Math.max(most, holding);
      order.push(i);
      await new Promise((resolve) => setTimeout(resolve, (i * 7) % 13));
      holding--;
      await lock.release();
    };
    const all = Promise.all(Array.from({ length: 20 }, (_, i) => contender(i)));
    await vi.advanceTimersByTimeAsync(1_000);
    await all;
    expect(most).toBe(1);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // One acquisition in Redis, handed down the queue, one release by the last holder.
    expect(backend.calls.map((call) => call.op)).toEqual(['acquire', 'release']);
  });

  it('seed defect 8: a strategy reused across acquisitions starts over for each', async () => {
    const retry = exponentialBackoff({ initialMs: 10, jitter: noJitter });
    const { engine, backend } = makeEngine({ retry });
    // Each resource is taken for its first two attempts.
    const tries = new Map<string, number>();
    backend.acquireDefault = (call) => {
      const key = call.op === 'acquire' ? call.request.keys.join() : '';
      tries.set(key, (tries.get(key) ?? 0) + 1);
      return tries.get(key)! <= 2 ? taken() : acquired();
    };
    const times = (key: string, start: number): number[] =>
      backend
        .ops('acquire')
        .filter((call) => call.request.keys.join() === key)
        .map((call) => call.at - start);

    const t0 = performance.now();
    const first = track(engine.acquire('first'));
    await vi.advanceTimersByTimeAsync(25);
    const t1 = performance.now();
    const second = track(engine.acquire('second'));
    await vi.advanceTimersByTimeAsync(100);
    expect([first.status, second.status]).toEqual(['fulfilled', 'fulfilled']);
    expect(times('lock:first', t0)).toEqual([0, 10, 30]);
    expect(times('lock:second', t1)).toEqual([0, 10, 30]);
  });
});
