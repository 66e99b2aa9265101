import { describe, expect, it } from 'vitest';
import { UnaskedNodes } from '../../src/unasked-nodes.js';

describe('UnaskedNodes', () => {
  it("keeps an acquisition's latest attempt until its cleanup takes it", () => {
    const unasked = new UnaskedNodes();
    unasked.attempted('t1', [false, true, false]);
    unasked.attempted('t2', [true, false, false]);
    unasked.attempted('t2', undefined); // t2's next attempt asked every node
    expect(unasked.take('t2')).toBeUndefined();
    expect(unasked.take('t1')).toEqual([false, true, false]);
    expect(unasked.take('t1')).toBeUndefined();
  });

  it('forgets the oldest beyond 10,000 acquisitions (their cleanups then go everywhere)', () => {
    const unasked = new UnaskedNodes();
    for (let index = 0; index <= 10_000; index++) unasked.attempted(`t${index}`, [true]);
    expect(unasked.take('t0')).toBeUndefined();
    expect(unasked.take('t1')).toEqual([true]);
    expect(unasked.take('t10000')).toEqual([true]);
  });
});
