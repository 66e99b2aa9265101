import { describe, expect, it } from 'vitest';
import { quorum, validityMs } from '../../src/backend.js';

describe('quorum', () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
    [5, 3],
    [6, 4],
    [7, 4],
  ])('needs a strict majority of %i node(s): %i', (nodes, votes) => {
    expect(quorum(nodes)).toBe(votes);
    expect(votes * 2).toBeGreaterThan(nodes);
    expect((votes - 1) * 2).toBeLessThanOrEqual(nodes);
  });
});

describe('validityMs', () => {
  it('is ttl − elapsed − (ttl × drift + 2 ms)', () => {
    expect(validityMs(10_000, 0, 0.01)).toBe(10_000 - 0 - (100 + 2));
    expect(validityMs(10_000, 250, 0.01)).toBe(10_000 - 250 - 102);
    expect(validityMs(1_000, 40, 0.01)).toBe(948);
  });

  it('keeps the 2 ms margin without drift', () => {
    expect(validityMs(1_000, 0, 0)).toBe(998);
  });

  it('accounts for fractional elapsed time from performance.now()', () => {
    expect(validityMs(1_000, 0.5, 0)).toBeCloseTo(997.5, 10);
  });

  it('reaches zero exactly when elapsed time eats the rest, and goes negative after', () => {
    expect(validityMs(1_000, 988, 0.01)).toBe(0);
    expect(validityMs(1_000, 990, 0.01)).toBe(-2);
  });

  it('shrinks one for one with elapsed time', () => {
    const a = validityMs(5_000, 10, 0.01);
    const b = validityMs(5_000, 30, 0.01);
    expect(a - b).toBe(20);
  });
});
