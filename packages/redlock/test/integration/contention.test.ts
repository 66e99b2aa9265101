// Two Redlock instances, each with its own connections, fight over one resource: the holds
// they record never overlap.
import { startRedisNodes } from '@redquorum/testing';
import { describe, expect, it } from 'vitest';
import { Redlock } from '../../src/index.js';

const CYCLES = 300;

describe('contention between two Redlocks', () => {
  it(`${CYCLES} cycles over 5 nodes: no overlapping holds`, async () => {
    await using nodes = await startRedisNodes(5);
    const instances = [await nodes.connect(), await nodes.connect()].map(
      (clients) => new Redlock(clients, { ttlMs: 5_000, keyPrefix: 'contend:' }),
    );
    const holds: { holder: number; from: number; to: number }[] = [];
    let inside = 0;
    let mostInside = 0;
    let done = 0;

    const worker = async (holder: number): Promise<void> => {
      while (done < CYCLES) {
        const lock = await instances[holder]!.acquire('r', { acquireTimeoutMs: 20_000 });
        const from = performance.now();
        inside++;
        mostInside = Math.max(mostInside, inside);
        // Give the other side a chance to run while this one holds the lock.
        await new Promise<void>((resolve) => setImmediate(resolve));
        done++;
        inside--;
        holds.push({ holder, from, to: performance.now() });
        await lock.release();
      }
    };
    await Promise.all([worker(0), worker(1)]);

    expect(mostInside).toBe(1);
    expect(holds.length).toBeGreaterThanOrEqual(CYCLES);
    const sorted = holds.toSorted((x, y) => x.from - y.from);
    const overlaps = sorted.filter((hold, i) => i > 0 && hold.from < sorted[i - 1]!.to);
    expect(overlaps).toEqual([]);
    // Both sides got the lock: this was a contest, not one worker running alone.
    expect(new Set(holds.map((hold) => hold.holder)).size).toBe(2);
  });
});
