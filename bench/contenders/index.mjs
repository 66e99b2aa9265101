// Every contender, floor first and redlock@5 second: ratios are taken against those two.
import floor from './floor.mjs';
import redisSemaphore from './redis-semaphore.mjs';
import redlock5 from './redlock5.mjs';
import redquorumLocker from './redquorum-locker.mjs';
import redquorumIoredis from './redquorum-ioredis.mjs';
import redquorumDefault, { redquorum } from './redquorum.mjs';
import sesamecare from './sesamecare.mjs';

export const contenders = [
  floor,
  redlock5,
  sesamecare,
  redisSemaphore,
  redquorumDefault,
  redquorumIoredis,
  redquorumLocker,
];

/** redquorum with local coalescing off, for scenario E. */
export const redquorumNoCoalesce = redquorum({ coalesce: false });

/** The contenders that run with `n` nodes. */
export const contendersFor = (n) => contenders.filter((c) => c.nodeCounts.includes(n));
