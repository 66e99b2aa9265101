// Fences strictly increase across 500 acquisitions by three independent Redlock instances,
// while a random minority of nodes is frozen or crashed and restarted with its data.
import { startRedisNodes } from '@redquorum/testing';
import { describe, expect, it } from 'vitest';
import { LockReleaseError, Redlock } from '../../src/index.js';
import { pickDistinct, seededRandom } from '../helpers/seeded-random.js';

const ACQUISITIONS = 500;
const FAULT_EVERY = 25;

describe('fencing under faults', () => {
  it('fences strictly increase across instances while a minority fails', async () => {
    await using nodes = await startRedisNodes(5, { persistence: 'aof-always' });
    // The restart guard stays on (the default): a restarted node's vote is ignored until
    // maxTtl (1 s, the ttl) after its restart. A short ttl keeps that window short, and
    // restarted nodes keep their data here, so the guard costs liveness only briefly.
    const instances = await Promise.all(
      [0, 1, 2].map(
        async () =>
          new Redlock(await nodes.connect(), {
            ttlMs: 1_000,
            nodeTimeoutMs: 50,
            fencing: true,
            keyPrefix: 'fenced:',
          }),
      ),
    );
    const random = seededRandom(0x5eed);
    let healFault = async (): Promise<void> => undefined;
    const fences: bigint[] = [];
    let unconfirmedReleases = 0;

    for (let i = 0; i < ACQUISITIONS; i++) {
      if (i % FAULT_EVERY === FAULT_EVERY - 1) {
        await healFault();
        const victims = pickDistinct(random, 5, random() < 0.5 ? 1 : 2);
        const crash = random() < 0.5;
        for (const index of victims) {
          await (crash ? nodes.at(index).kill() : nodes.at(index).pause());
        }
        healFault = async () => {
          for (const index of victims) {
            await (crash ? nodes.at(index).restart({ keepData: true }) : nodes.at(index).resume());
          }
        };
      }
      const lock = await instances[i % 3]!.acquire('resource', { acquireTimeoutMs: 10_000 });
      fences.push(lock.fence!);
      // With appendfsync always, a slow fsync can outlast the 50 ms node timeout: then no node
      // confirms the release and the key expires on its own. Fences are what is tested here.
      await lock.release().catch((error: unknown) => {
        if (!(error instanceof LockReleaseError)) throw error;
        unconfirmedReleases++;
      });
    }
    await healFault();

    expect(fences).toHaveLength(ACQUISITIONS);
    const regressions = fences.filter((fence, i) => i > 0 && fence <= fences[i - 1]!);
    expect(regressions).toEqual([]);
    expect(fences[0]).toBeGreaterThanOrEqual(1n);
    expect(unconfirmedReleases).toBeLessThan(ACQUISITIONS / 10);
  });
});
