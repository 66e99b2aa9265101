// A TypeScript CommonJS consumer (NodeNext): its imports compile to require() of ESM packages.
import assert = require('node:assert/strict');
import { createClient } from 'redis';
import { Locker } from '@redquorum/core';
import { startRedisNodes } from '@redquorum/testing';

async function main(): Promise<void> {
  await using nodes = await startRedisNodes(1);
  const client = await createClient({ url: nodes.at(0).url }).connect();
  try {
    const lock = await new Locker(client).acquire('typed-cjs');
    assert.equal(await client.get(`lock:typed-cjs`), lock.token);
    await lock.release();
  } finally {
    await client.quit();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
