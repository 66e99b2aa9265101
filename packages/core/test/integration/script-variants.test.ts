// Each operation has a single-lock script and batch variants (many locks per call, and a lean
// one for one-key locks). They must agree: for every case below, each variant's answer for a
// lock, and what it leaves on the server, is the single-lock script's. The batch variants run
// every case in one call, so the table also shows that a lock's neighbours change nothing.
import { describe, expect, test } from 'vitest';
import type { RedisClientType } from 'redis';
import {
  acquireManyScript,
  acquireManySimpleScript,
  acquireScript,
  extendManyScript,
  extendScript,
  fenceKey,
  releaseManyScript,
  releaseManySimpleScript,
  releaseScript,
  runScript,
  type LuaScript,
} from '@redquorum/core/backend';
import { startRedisNodes } from '@redquorum/testing';
import { connectOne, uniqueName } from './helpers/support.js';

const MINE = 'token-mine';
const THEIRS = 'token-theirs';
const TTL = '60000';

/** A lock's starting state: what its keys (and fence counters) hold before the operation. */
interface Case {
  readonly name: string;
  /** Per key: free, held by this token (short ttl), by another, or of another type. */
  readonly keys: readonly ('free' | 'mine' | 'theirs' | 'list')[];
  /** Fence counters' values (`'list'`: of another type), when the lock is fenced. */
  readonly fences?: readonly (string | undefined)[];
}

/** A case's keys, made apart for each variant so that each starts from the same state. */
interface Placed {
  readonly keys: string[];
  readonly fenceKeys: string[] | undefined;
}

async function place(client: RedisClientType, given: Case, label: string): Promise<Placed> {
  const keys = given.keys.map((_, index) => uniqueName(`${label}-${index}`));
  for (const [index, state] of given.keys.entries()) {
    const key = keys[index]!;
    if (state === 'mine') await client.set(key, MINE, { PX: 500 });
    if (state === 'theirs') await client.set(key, THEIRS, { PX: 60_000 });
    if (state === 'list') await client.rPush(key, 'x');
  }
  const fenceKeys = given.fences?.map((_, index) => fenceKey(keys[index]!));
  for (const [index, value] of (given.fences ?? []).entries()) {
    const counter = fenceKeys![index]!;
    if (value === 'list') await client.rPush(counter, 'x');
    else if (value !== undefined) await client.set(counter, value);
  }
  return { keys, fenceKeys };
}

/** What a lock's keys hold after the operation, comparable across variants. */
async function stateOf(client: RedisClientType, placed: Placed): Promise<unknown[]> {
  const state: unknown[] = [];
  for (const key of [...placed.keys, ...(placed.fenceKeys ?? [])]) {
    const type = await client.type(key);
    const value = type === 'string' ? await client.get(key) : undefined;
    const pttl = await client.pTTL(key);
    state.push({ type, value, ttl: pttl < 0 ? pttl : pttl > 1_000 ? 'long' : 'short' });
  }
  return state;
}

/** A reply for one lock: its integer, or the kind of its error (`WRONGTYPE`, …). */
const answerOf = (entry: unknown): unknown =>
  typeof entry === 'string' ? { error: entry.split(' ')[0] } : entry;

/** The single-lock script's answer: its integer reply, or the kind of the error it failed with. */
async function single(client: RedisClientType, call: [LuaScript, string[], string[]]) {
  const [script, keys, args] = call;
  try {
    return answerOf(await runScript(client, { script, keys, args }));
  } catch (error) {
    return answerOf(error instanceof Error ? error.message : String(error));
  }
}

/** One batch call for every case: each lock's answer, in order. */
async function batch(client: RedisClientType, script: LuaScript, keys: string[], args: string[]) {
  const reply = await runScript(client, { script, keys, args });
  if (!Array.isArray(reply)) throw new Error(`${script.name} replied ${String(reply)}`);
  return reply.map(answerOf);
}

/**
 * Runs every case through the single-lock script and each batch variant, and expects every
 * variant's answers and end states to be the single script's.
 */
async function expectAgreement(
  cases: readonly Case[],
  variants: {
    readonly single: (placed: Placed) => [LuaScript, string[], string[]];
    readonly batches: readonly {
      readonly script: LuaScript;
      readonly fits: (given: Case) => boolean;
      readonly call: (placed: readonly Placed[]) => [string[], string[]];
    }[];
  },
): Promise<void> {
  await using nodes = await startRedisNodes(1);
  const client = await connectOne(nodes);
  const expected: { answer: unknown; state: unknown[] }[] = [];
  for (const given of cases) {
    const placed = await place(client, given, `single-${given.name}`);
    const answer = await single(client, variants.single(placed));
    expected.push({ answer, state: await stateOf(client, placed) });
  }
  for (const variant of variants.batches) {
    const fitting = cases.filter(variant.fits);
    expect(fitting.length, variant.script.name).toBeGreaterThan(1);
    const placed: Placed[] = [];
    for (const given of fitting) placed.push(await place(client, given, variant.script.name));
    const answers = await batch(client, variant.script, ...variant.call(placed));
    for (const [index, given] of fitting.entries()) {
      const want = expected[cases.indexOf(given)]!;
      const label = `${variant.script.name}: ${given.name}`;
      expect(answers[index], label).toEqual(want.answer);
      expect(await stateOf(client, placed[index]!), label).toEqual(want.state);
    }
  }
}

const oneKey = (given: Case): boolean => given.keys.length === 1 && given.fences === undefined;

const acquireCases: Case[] = [
  { name: 'free', keys: ['free'] },
  { name: 'held by me', keys: ['mine'] },
  { name: 'held by another', keys: ['theirs'] },
  { name: 'wrong type', keys: ['list'] },
  { name: 'two keys, free and mine', keys: ['free', 'mine'] },
  { name: 'two keys, one held by another', keys: ['free', 'theirs'] },
  { name: 'two keys, one of another type', keys: ['mine', 'list'] },
  { name: 'fenced, no counter yet', keys: ['free'], fences: [undefined] },
  { name: 'fenced, counter 41', keys: ['free'], fences: ['41'] },
  { name: 'fenced, held by me', keys: ['mine'], fences: ['7'] },
  { name: 'fenced, held by another', keys: ['theirs'], fences: ['7'] },
  { name: 'fenced, two keys, counters 3 and 9', keys: ['free', 'free'], fences: ['3', '9'] },
  { name: 'fenced, counter not an integer', keys: ['free'], fences: ['seven'] },
  { name: 'fenced, counter a fraction', keys: ['free'], fences: ['1.5'] },
  { name: 'fenced, counter past 2^53', keys: ['mine'], fences: ['9007199254740993'] },
  {
    name: 'fenced, two keys, second counter a list',
    keys: ['free', 'free'],
    fences: ['3', 'list'],
  },
];

const heldCases: Case[] = [
  { name: 'missing', keys: ['free'] },
  { name: 'held by me', keys: ['mine'] },
  { name: 'held by another', keys: ['theirs'] },
  { name: 'wrong type', keys: ['list'] },
  { name: 'two keys, mine and missing', keys: ['mine', 'free'] },
  { name: 'two keys, mine and another', keys: ['mine', 'theirs'] },
  { name: 'two keys, mine and wrong type', keys: ['mine', 'list'] },
];

describe('the script variants agree, on a real Redis', () => {
  test('acquire: acquire, acquire-many, acquire-many-simple', async () => {
    await expectAgreement(acquireCases, {
      single: ({ keys, fenceKeys }) => [
        acquireScript,
        [...keys, ...(fenceKeys ?? [])],
        [MINE, TTL, fenceKeys === undefined ? '0' : '1'],
      ],
      batches: [
        {
          script: acquireManyScript,
          fits: () => true,
          call: (placed) => [
            placed.flatMap(({ keys, fenceKeys }) => [...keys, ...(fenceKeys ?? [])]),
            placed.flatMap(({ keys, fenceKeys }) => [
              MINE,
              TTL,
              String(keys.length),
              fenceKeys === undefined ? '0' : '1',
            ]),
          ],
        },
        {
          script: acquireManySimpleScript,
          fits: oneKey,
          call: (placed) => [placed.map(({ keys }) => keys[0]!), [TTL, ...placed.map(() => MINE)]],
        },
      ],
    });
  });

  test('extend: extend, extend-many', async () => {
    await expectAgreement(heldCases, {
      single: ({ keys }) => [extendScript, keys, [MINE, TTL]],
      batches: [
        {
          script: extendManyScript,
          fits: () => true,
          call: (placed) => [
            placed.flatMap(({ keys }) => keys),
            placed.flatMap(({ keys }) => [MINE, TTL, String(keys.length)]),
          ],
        },
      ],
    });
  });

  test('release: release, release-many, release-many-simple', async () => {
    await expectAgreement(heldCases, {
      single: ({ keys }) => [releaseScript, keys, [MINE]],
      batches: [
        {
          script: releaseManyScript,
          fits: () => true,
          call: (placed) => [
            placed.flatMap(({ keys }) => keys),
            placed.flatMap(({ keys }) => [MINE, String(keys.length)]),
          ],
        },
        {
          script: releaseManySimpleScript,
          fits: oneKey,
          call: (placed) => [placed.map(({ keys }) => keys[0]!), placed.map(() => MINE)],
        },
      ],
    });
  });
});
