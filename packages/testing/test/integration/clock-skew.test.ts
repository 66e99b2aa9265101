// Per-node clock skew through the LD_PRELOAD shim: a fast node expires keys early, an offset
// node reports a shifted TIME, and a missing compiler fails with a clear error.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisClientType } from 'redis';
import { expect, test } from 'vitest';
import { buildClockShim, ClockShimBuildError, startRedisNodes } from '@redquorum/testing';
import { waitFor } from '../helpers/wait-for.js';

/** The node's wall clock, from the TIME command, in epoch ms. */
async function serverTimeMs(client: RedisClientType): Promise<number> {
  const [seconds, micros] = await client.sendCommand<string[]>(['TIME']);
  return Number(seconds) * 1000 + Number(micros) / 1000;
}

test('a node at clockRate 2 expires a PX 2000 key after about one real second', async () => {
  await using nodes = await startRedisNodes(2, { perNode: [{ clockRate: 2 }] });
  const [fast, normal] = await nodes.connect();
  if (fast === undefined || normal === undefined) throw new Error('no clients');

  const t0 = performance.now();
  await Promise.all([
    fast.set('skew:k', 'v', { PX: 2_000 }),
    normal.set('skew:k', 'v', { PX: 2_000 }),
  ]);
  await waitFor(async () => (await fast.exists('skew:k')) === 0, 5_000, 'the fast node expiring');
  const elapsedMs = performance.now() - t0;

  // 2000 ms of the node's time are 1000 real ms; polling and load add a little.
  expect(elapsedMs).toBeGreaterThan(700);
  expect(elapsedMs).toBeLessThan(1_600);
  expect(await normal.get('skew:k')).toBe('v');
  expect(await normal.pTTL('skew:k')).toBeGreaterThan(0);
});

test('clockOffsetMs shifts the node’s TIME by about the offset', async () => {
  const offsetMs = 3_600_000;
  await using nodes = await startRedisNodes(2, { perNode: [{ clockOffsetMs: offsetMs }] });
  const [shifted, normal] = await nodes.connect();
  if (shifted === undefined || normal === undefined) throw new Error('no clients');

  const shiftedBy = (await serverTimeMs(shifted)) - Date.now();
  const normalBy = (await serverTimeMs(normal)) - Date.now();
  expect(Math.abs(shiftedBy - offsetMs)).toBeLessThan(1_000);
  expect(Math.abs(normalBy)).toBeLessThan(1_000);
});

/**
 * Runs `work` with TMPDIR at a fresh empty directory, which `os.tmpdir()` reads at each call:
 * the shim cache there is cold, so a build actually runs.
 */
async function withColdCache(work: (dir: string) => Promise<void>): Promise<void> {
  const previous = process.env['TMPDIR'];
  const dir = await mkdtemp(join(tmpdir(), 'redquorum-shim-test-'));
  process.env['TMPDIR'] = dir;
  try {
    await work(dir);
  } finally {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    await rm(dir, { recursive: true, force: true });
  }
}

test('buildClockShim without a compiler: ClockShimBuildError naming the compiler', async () => {
  await withColdCache(async (dir) => {
    const error: unknown = await buildClockShim({ CC: '/nonexistent-compiler' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ClockShimBuildError);
    expect((error as ClockShimBuildError).code).toBe('ERR_CLOCK_SHIM_BUILD');
    expect((error as Error).message).toContain('/nonexistent-compiler');
    expect((error as Error).message).toMatch(/install a C compiler/);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(await readdir(dir)).toEqual([]); // no half-built library left behind
  });
});

// Regression: every node built to the same temporary file, and all but the first rename failed.
test('a cold cache and three skewed nodes starting at once: each start builds, none fails', async () => {
  await withColdCache(async (dir) => {
    await using nodes = await startRedisNodes(3, { clockRate: 2 });
    expect(nodes.nodes.map((node) => node.state)).toEqual(['running', 'running', 'running']);
    const shims = (await readdir(dir)).filter((name) => name.startsWith('redquorum-clock-shim'));
    expect(shims).toHaveLength(1);
    expect(shims[0]).toMatch(/\.so$/);
  });
});
