// In the style of go-redsync's quorum test: pre-occupy every subset of nodes with a foreign
// token and check the quorum rule exhaustively, without a single sleep.
import { startRedisNodes } from '@redquorum/testing';
import { describe, expect, it } from 'vitest';
import { Redlock } from '../../src/index.js';
import { occupy, valuesOn } from '../helpers/node-keys.js';

const FOREIGN = 'foreign-token-of-another-holder';

/** The node indexes in the bit mask `subset`. */
const membersOf = (subset: number, size: number): number[] =>
  Array.from({ length: size }, (_, index) => index).filter((index) => subset & (1 << index));

describe.each([3, 5])('the quorum rule over %i nodes', (size) => {
  it('acquires iff the free nodes reach the quorum; a failure leaves no key behind', async () => {
    await using nodes = await startRedisNodes(size);
    const clients = await nodes.connect();
    const prefix = `exhaustive${size}:`;
    const redlock = new Redlock(clients, { ttlMs: 10_000, keyPrefix: prefix });
    const quorum = Math.floor(size / 2) + 1;
    // Subset 0 (all free) acquires and releases first, which loads every script: a cleanup
    // release that met NOSCRIPT would only load its script and leave the keys to expire.
    for (let subset = 0; subset < 2 ** size; subset++) {
      const occupied = membersOf(subset, size);
      const resource = `subset-${subset}`;
      const key = prefix + resource;
      await occupy(clients, occupied, key, FOREIGN);
      const free = size - occupied.length;

      const lock = await redlock.tryAcquire(resource);

      const values = await valuesOn(clients, key);
      const label = `occupied [${occupied.join(',')}]`;
      // Occupied nodes keep the foreign token whatever happened.
      expect(
        occupied.map((node) => values[node]),
        label,
      ).toEqual(occupied.map(() => FOREIGN));
      const ours = values.filter((value) => lock !== undefined && value === lock.token).length;
      const others = values.filter((value, node) => !occupied.includes(node) && value !== null);
      if (free >= quorum) {
        expect(lock, label).toBeDefined();
        // Early quorum: a free node that had not answered yet may still be setting the key.
        expect(ours, label).toBeGreaterThanOrEqual(quorum);
        expect(others.length, label).toBe(ours);
        await lock!.release();
      } else {
        expect(lock, label).toBeUndefined();
        // The failed attempt was released on every node before tryAcquire resolved.
        expect(others, label).toEqual([]);
      }
    }
  });
});
