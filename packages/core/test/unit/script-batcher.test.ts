// Items sent in one tick share one script call; each item's outcome reaches its own callback
// with the node's index, whether the node answered, failed or was not asked.
import { describe, expect, it } from 'vitest';
import { type RedisScriptClient } from '../../src/index.js';
import {
  NodeBatchers,
  releaseManySimpleScript,
  releaseScript,
  type Settled,
} from '../../src/backend.js';

/** A client answering every EVALSHA with `answer(keys)` on the next turn. */
function client(answer: (keys: string[]) => unknown): RedisScriptClient & { shas: string[] } {
  const shas: string[] = [];
  return {
    shas,
    evalSha: async (sha, options) => {
      shas.push(sha);
      await Promise.resolve();
      return answer(options.keys);
    },
    eval: () => Promise.reject(new Error('EVAL not expected')),
  };
}

const held = (key: string) => ({ keys: [key], token: `token-${key}` });

describe('ScriptBatcher.send', () => {
  it("settles each item of a batch with its own reply and the node's index", async () => {
    const fake = client((keys) => keys.map((key) => (key === 'b' ? 0 : 1)));
    const node = new NodeBatchers(fake, { timeoutMs: 200, batchable: true, node: 7 });
    const seen: [string, Settled<number>, number][] = [];
    for (const key of ['a', 'b', 'c']) {
      node.release.send(held(key), (settled, index) => void seen.push([key, settled, index]));
    }
    await expect.poll(() => seen.length).toBe(3);
    expect(fake.shas).toEqual([releaseManySimpleScript.sha1]);
    expect(seen).toEqual([
      ['a', { kind: 'value', value: 1 }, 7],
      ['b', { kind: 'value', value: 0 }, 7],
      ['c', { kind: 'value', value: 1 }, 7],
    ]);
  });

  it("passes the node's index with a lone item's error", async () => {
    const fake = client(() => {
      throw new Error('READONLY');
    });
    const node = new NodeBatchers(fake, { timeoutMs: 200, batchable: true, node: 4 });
    const seen: [string, number][] = [];
    node.release.send(held('a'), (settled, index) => void seen.push([settled.kind, index]));
    await expect.poll(() => seen.length).toBe(1);
    expect(fake.shas).toEqual([releaseScript.sha1]);
    expect(seen).toEqual([['error', 4]]);
  });
});
