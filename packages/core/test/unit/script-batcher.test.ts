// Items sent in one tick share one script call; each item's outcome reaches its own callback
// with the tag it was sent with, whether the node answered, failed or was not asked.
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
  it('settles each item of a batch with its own reply and tag', async () => {
    const fake = client((keys) => keys.map((key) => (key === 'b' ? 0 : 1)));
    const node = new NodeBatchers(fake, 200, true);
    const seen: [Settled<number>, number][] = [];
    const settle = (settled: Settled<number>, tag: number) => void seen.push([settled, tag]);
    for (const [key, tag] of [
      ['a', 7],
      ['b', 3],
      ['c', 5],
    ] as const) {
      node.release.send(held(key), settle, tag);
    }
    await expect.poll(() => seen.length).toBe(3);
    expect(fake.shas).toEqual([releaseManySimpleScript.sha1]);
    expect(seen).toEqual([
      [{ kind: 'value', value: 1 }, 7],
      [{ kind: 'value', value: 0 }, 3],
      [{ kind: 'value', value: 1 }, 5],
    ]);
  });

  it('passes the tag of a lone item and of an error', async () => {
    const fake = client(() => {
      throw new Error('READONLY');
    });
    const node = new NodeBatchers(fake, 200, true);
    const seen: [string, string][] = [];
    node.release.send(
      held('a'),
      (settled, tag: string) => void seen.push([settled.kind, tag]),
      'x',
    );
    await expect.poll(() => seen.length).toBe(1);
    expect(fake.shas).toEqual([releaseScript.sha1]);
    expect(seen).toEqual([['error', 'x']]);
  });
});
