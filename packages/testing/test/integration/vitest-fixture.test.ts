import { describe, expect } from 'vitest';
import { redisTest } from '../../src/vitest.js';

const started: number[] = [];

redisTest('gives each test its own running nodes', async ({ redisNodes }) => {
  expect(redisNodes.size).toBe(3);
  const [client] = await redisNodes.connect();
  expect(await client!.ping()).toBe('PONG');
  started.push(...redisNodes.nodes.map((node) => node.pid ?? -1));
});

redisTest('stopped the previous test nodes', () => {
  expect(started).toHaveLength(3);
  for (const pid of started) expect(() => process.kill(pid, 0)).toThrow();
});

describe('with scoped options', () => {
  redisTest.override({ redisNodeCount: 1, redisNodeOptions: { proxy: true } });

  redisTest('takes a node count and options', ({ redisNodes }) => {
    expect(redisNodes.size).toBe(1);
    expect(redisNodes.at(0).url).not.toBe(redisNodes.at(0).serverUrl);
  });
});
