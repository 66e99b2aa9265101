import { describe, expect, it } from 'vitest';
import {
  equalJitter,
  exponentialBackoff,
  fixedDelay,
  fullJitter,
  noJitter,
  noRetry,
  withJitter,
} from '../../src/index.js';
import type { RetryContext, RetryStrategy } from '../../src/index.js';

const half = (): number => 0.5;

function context(attempt: number, random: () => number = half): RetryContext {
  return { attempt, elapsedMs: attempt * 10, reason: 'taken', random };
}

/** The delays a strategy asks for after failed attempts 1..n (false once it stops). */
function delays(strategy: RetryStrategy, n: number, random?: () => number): (number | false)[] {
  return Array.from({ length: n }, (_, i) => strategy(context(i + 1, random)));
}

describe('noRetry', () => {
  it('stops after the first failed attempt', () => {
    expect(noRetry(context(1))).toBe(false);
  });
});

describe('fixedDelay', () => {
  it('waits the same delay after every attempt', () => {
    expect(delays(fixedDelay(100), 5)).toEqual([100, 100, 100, 100, 100]);
  });

  it('stops once maxAttempts attempts were made, the first included', () => {
    expect(delays(fixedDelay(100, { maxAttempts: 3 }), 4)).toEqual([100, 100, false, false]);
    expect(delays(fixedDelay(100, { maxAttempts: 1 }), 1)).toEqual([false]);
  });

  it('accepts a zero delay', () => {
    expect(delays(fixedDelay(0), 2)).toEqual([0, 0]);
  });
});

describe('exponentialBackoff', () => {
  it('grows by the factor from initialMs', () => {
    const strategy = exponentialBackoff({ initialMs: 10, factor: 3, jitter: noJitter });
    expect(delays(strategy, 4)).toEqual([10, 30, 90, 270]);
  });

  it('defaults to 20 ms doubling, capped at 1000 ms', () => {
    const strategy = exponentialBackoff({ jitter: noJitter });
    expect(delays(strategy, 8)).toEqual([20, 40, 80, 160, 320, 640, 1000, 1000]);
  });

  it('caps at maxMs', () => {
    const strategy = exponentialBackoff({ initialMs: 100, maxMs: 250, jitter: noJitter });
    expect(delays(strategy, 4)).toEqual([100, 200, 250, 250]);
  });

  it('stops at maxAttempts', () => {
    const strategy = exponentialBackoff({ initialMs: 10, maxAttempts: 3, jitter: noJitter });
    expect(delays(strategy, 4)).toEqual([10, 20, false, false]);
  });

  it('applies full jitter by default, with the injected random source', () => {
    const strategy = exponentialBackoff({ initialMs: 100 });
    expect(delays(strategy, 3, () => 0.5)).toEqual([50, 100, 200]);
    expect(delays(strategy, 3, () => 0)).toEqual([0, 0, 0]);
  });

  it('passes the capped delay and the random source to a custom jitter', () => {
    const seen: [number, number][] = [];
    const strategy = exponentialBackoff({
      initialMs: 10,
      maxMs: 15,
      jitter: (delay, random) => {
        seen.push([delay, random()]);
        return delay + 1;
      },
    });
    expect(delays(strategy, 2, () => 0.25)).toEqual([11, 16]);
    expect(seen).toEqual([
      [10, 0.25],
      [15, 0.25],
    ]);
  });
});

describe('jitter', () => {
  const randoms = [0, 0.001, 0.25, 0.5, 0.75, 0.999_999];

  it('noJitter keeps the delay', () => {
    expect(noJitter(100, half)).toBe(100);
  });

  it('fullJitter spreads over [0, delay]', () => {
    for (const r of randoms) {
      const delay = fullJitter(100, () => r);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(100);
      expect(Number.isInteger(delay)).toBe(true);
    }
    expect(fullJitter(100, () => 0)).toBe(0);
    expect(fullJitter(100, () => 0.5)).toBe(50);
  });

  it('equalJitter spreads over [delay/2, delay]', () => {
    for (const r of randoms) {
      const delay = equalJitter(100, () => r);
      expect(delay).toBeGreaterThanOrEqual(50);
      expect(delay).toBeLessThanOrEqual(100);
      expect(Number.isInteger(delay)).toBe(true);
    }
    expect(equalJitter(100, () => 0)).toBe(50);
    expect(equalJitter(100, () => 0.5)).toBe(75);
  });

  it('withJitter jitters any strategy and keeps its stop', () => {
    const strategy = withJitter(fixedDelay(100, { maxAttempts: 3 }), equalJitter);
    expect(delays(strategy, 3, () => 0)).toEqual([50, 50, false]);
    expect(delays(strategy, 2, () => 0.5)).toEqual([75, 75]);
  });
});

describe('statelessness', () => {
  it.each([
    ['fixedDelay', fixedDelay(30, { maxAttempts: 4 })],
    ['exponentialBackoff', exponentialBackoff({ initialMs: 10, maxAttempts: 5 })],
    ['withJitter', withJitter(exponentialBackoff({ jitter: noJitter }), equalJitter)],
  ])('%s gives the same sequence to a second acquisition', (_name, strategy) => {
    const first = delays(strategy, 6);
    const second = delays(strategy, 6);
    expect(second).toEqual(first);
  });

  it('serves interleaved acquisitions independently', () => {
    const strategy = exponentialBackoff({ initialMs: 10, jitter: noJitter });
    // Acquisition A fails twice, then B fails once: B still starts at the initial delay.
    expect(strategy(context(1))).toBe(10);
    expect(strategy(context(2))).toBe(20);
    expect(strategy(context(1))).toBe(10);
    expect(strategy(context(3))).toBe(40);
  });
});
