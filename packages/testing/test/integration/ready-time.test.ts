import { expect, test } from 'vitest';
import { startRedisNodes } from '@redquorum/testing';

test('five nodes are ready well within 10 s', async () => {
  const started = performance.now();
  await using nodes = await startRedisNodes(5);
  const elapsedMs = performance.now() - started;
  expect(nodes.size).toBe(5);
  expect(elapsedMs).toBeLessThan(10_000);
});
