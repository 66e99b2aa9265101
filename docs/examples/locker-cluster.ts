// Locker on a Redis Cluster: a node-redis cluster client, and a lock on several resources
// that share a hash tag, so that their keys live in one slot.
import assert from 'node:assert/strict';
import { Locker } from '@redquorum/core';
import { startRedisCluster } from '@redquorum/testing';

// #region cluster
await using cluster = await startRedisCluster({ masters: 3 });
const client = await cluster.connect(); // a node-redis v4 cluster client
const locker = new Locker(client, { fencing: true });

// One slot: the keys `lock:{order:42}:items` and `lock:{order:42}:invoice` share the tag.
const lock = await locker.acquire(['{order:42}:items', '{order:42}:invoice']);
assert.equal(lock.fence, 1n);
await lock.release();

// Keys in different slots cannot be locked together: a RangeError, before any Redis call.
assert.throws(() => locker.acquire(['order:42', 'order:43']), RangeError);
// #endregion cluster
