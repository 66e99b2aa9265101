import { describe, expect, it } from 'vitest';
import { candidateSlots, permitSlot } from '../../src/backend.js';

/** A seeded generator, so the rotation is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 16_807) % 2_147_483_647) - 1) / 2_147_483_646;
}

describe('permit slots', () => {
  it('names each (semaphore, slot) pair once: the index has no colon', () => {
    const names = new Set<string>();
    for (const resource of ['a', 'a:1', 'a:1:0', ':', '']) {
      for (let index = 0; index < 12; index++) names.add(permitSlot(resource, index));
    }
    expect(names.size).toBe(5 * 12);
  });

  it.each([
    [4, 1],
    [4, 2],
    [5, 3],
    [4, 4],
    [1, 1],
  ])('limit %i, %i permits: sets of distinct slots covering every slot', (limit, permits) => {
    const sets = candidateSlots(limit, permits, seeded(limit * 10 + permits));
    expect(sets).toHaveLength(permits === limit ? 1 : limit);
    for (const set of sets) {
      expect(new Set(set).size).toBe(permits);
      for (const slot of set) expect(slot).toBeGreaterThanOrEqual(0);
      for (const slot of set) expect(slot).toBeLessThan(limit);
    }
    expect(new Set(sets.flat()).size).toBe(limit);
  });

  it('starts contenders on different slots: every slot comes first for some draw', () => {
    const firsts = new Set<number>();
    const random = seeded(7);
    for (let draw = 0; draw < 200; draw++) firsts.add(candidateSlots(6, 1, random)[0]![0]!);
    expect(firsts.size).toBe(6);
  });
});
