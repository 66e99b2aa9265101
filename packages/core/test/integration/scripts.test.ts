import { describe, expect, test } from 'vitest';
import type { RedisClientType } from 'redis';
import {
  LockAcquireError,
  Locker,
  noRetry,
  ScriptReplyError,
  type RedisScriptClient,
} from '@redquorum/core';
import * as backend from '@redquorum/core/backend';
import {
  acquireScript,
  CORE_SCRIPTS,
  releaseScript,
  runScript,
  withScriptLoading,
  type LuaScript,
} from '@redquorum/core/backend';
import { startRedisNodes } from '@redquorum/testing';
import { REDLOCK_SCRIPTS } from '../../../redlock/src/redlock-scripts.js';
import { connectOne, rejectionOf, uniqueName } from './helpers/support.js';

/** Delegates to a real client and records which command each call used. */
function recording(client: RedisClientType): { client: RedisScriptClient; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    client: {
      evalSha: (sha1, options) => {
        calls.push('EVALSHA');
        return client.evalSha(sha1, options);
      },
      eval: (lua, options) => {
        calls.push('EVAL');
        return client.eval(lua, options);
      },
    },
  };
}

/** Whether a module export is a Lua script (`defineScript`'s). */
const isScript = (value: unknown): value is LuaScript =>
  typeof value === 'object' && value !== null && 'lua' in value && 'sha1' in value;

/**
 * Every script of every package: those core exports for backends, and Redlock's, read from its
 * sources (Redlock does not export its script list; it depends on core, not core on it).
 */
const coreScripts = Object.values(backend).filter(isScript);
const everyScript = [...new Set([...coreScripts, ...REDLOCK_SCRIPTS])];

describe('the Lua scripts', () => {
  // Also the regression for the seed's defect 4: its lock.lua lacked its closing `end`.
  test('SCRIPT LOAD compiles every script of every package and returns its sha1', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    expect(everyScript.map((script) => script.name).sort()).toEqual([
      'acquire',
      'acquire-many',
      'acquire-many-simple',
      'extend',
      'extend-many',
      'identify',
      'inspect',
      'raise-fence',
      'release',
      'release-many',
      'release-many-simple',
    ]);
    for (const script of everyScript) {
      expect(await client.scriptLoad(script.lua), script.name).toBe(script.sha1);
      expect(await client.scriptExists(script.sha1), script.name).toEqual([true]);
    }
  });

  test('every script is kept loaded: by Redlock all of them, by Locker every lock script', () => {
    expect(REDLOCK_SCRIPTS).toEqual(expect.arrayContaining(everyScript));
    // Inspection is no lock operation: it goes by EVALSHA with the EVAL fallback.
    expect(coreScripts.filter((script) => !CORE_SCRIPTS.includes(script))).toEqual([
      backend.inspectScript,
    ]);
  });
});

describe('runScript', () => {
  test('falls back to EVAL on NOSCRIPT after SCRIPT FLUSH; the next call goes by EVALSHA', async () => {
    await using nodes = await startRedisNodes(1);
    const real = await connectOne(nodes);
    const key = uniqueName('noscript');
    const { client, calls } = recording(real);
    await real.scriptFlush();
    expect(await real.scriptExists(acquireScript.sha1)).toEqual([false]);

    expect(
      await runScript(client, {
        script: acquireScript,
        keys: [key],
        args: ['token-1', '10000', '0'],
      }),
    ).toBe(1);
    expect(calls).toEqual(['EVALSHA', 'EVAL']);
    expect(await real.scriptExists(acquireScript.sha1)).toEqual([true]);

    calls.length = 0;
    expect(await runScript(client, { script: releaseScript, keys: [key], args: ['token-1'] })).toBe(
      1,
    );
    expect(
      await runScript(client, {
        script: acquireScript,
        keys: [key],
        args: ['token-2', '10000', '0'],
      }),
    ).toBe(1);
    // release was never loaded: NOSCRIPT, then EVAL; acquire is cached now.
    expect(calls).toEqual(['EVALSHA', 'EVAL', 'EVALSHA']);
    expect(await real.get(key)).toBe('token-2');
  });

  test('rejects with the server error other than NOSCRIPT, without retrying by EVAL', async () => {
    await using nodes = await startRedisNodes(1);
    const real = await connectOne(nodes);
    const key = uniqueName('wrongtype');
    await real.scriptLoad(acquireScript.lua);
    const { client, calls } = recording(real);
    // ARGV[2] is not a number: SET ... PX rejects it inside the script.
    const error = await rejectionOf(
      runScript(client, { script: acquireScript, keys: [key], args: ['t', 'soon', '0'] }),
    );
    expect(error).toBeInstanceOf(Error);
    expect(calls).toEqual(['EVALSHA']);
  });

  test('a Locker keeps working after SCRIPT FLUSH', async () => {
    await using nodes = await startRedisNodes(1);
    const client = await connectOne(nodes);
    const locker = new Locker(client, { retry: noRetry });
    const resource = uniqueName('flush');
    await client.scriptFlush();
    const lock = await locker.acquire(resource);
    expect(await client.get(`lock:${resource}`)).toBe(lock.token);
    await client.scriptFlush();
    await lock.extend();
    await client.scriptFlush();
    await lock.release();
    expect(await client.exists(`lock:${resource}`)).toBe(0);
  });
});

describe('script replies', () => {
  test('a non-integer reply is a ScriptReplyError, reported as the node error', async () => {
    await using nodes = await startRedisNodes(1);
    const real = await connectOne(nodes);
    const replyingOk: RedisScriptClient = {
      evalSha: async (sha1, options) => {
        await real.evalSha(sha1, options);
        return 'OK';
      },
      eval: async (lua, options) => {
        await real.eval(lua, options);
        return 'OK';
      },
    };
    const locker = new Locker(replyingOk, { retry: noRetry });
    const error = await rejectionOf(locker.acquire(uniqueName('reply')));
    expect(error).toBeInstanceOf(LockAcquireError);
    const failure = error as LockAcquireError;
    expect(failure.reason).toBe('unreachable');
    expect(failure.nodes).toHaveLength(1);
    expect(failure.nodes[0]?.outcome).toBe('error');
    const cause = failure.nodes[0]?.cause;
    expect(cause).toBeInstanceOf(ScriptReplyError);
    expect(cause).toMatchObject({ script: 'acquire', reply: 'OK', code: 'ERR_LOCK_SCRIPT_REPLY' });
  });
});

describe('NOSCRIPT without resend (acquires, cleanup releases)', () => {
  test('runs nothing late; withScriptLoading reloads before the next call', async () => {
    await using nodes = await startRedisNodes(1);
    const [client] = await nodes.connect();
    const loading = withScriptLoading(client!, [releaseScript]);
    await runScript(loading, {
      script: releaseScript,
      keys: ['lock:other'],
      args: ['token-0'],
      resend: false,
    });
    await client!.set('lock:late', 'token-1');
    await client!.scriptFlush();
    // The wrapper loaded the script before its first call; flushed since, so NOSCRIPT.
    const noScript = await runScript(loading, {
      script: releaseScript,
      keys: ['lock:late'],
      args: ['token-1'],
      resend: false,
    })
      .then(() => undefined)
      .catch((error: unknown) => error);
    expect(String(noScript)).toMatch(/NOSCRIPT/);
    // Not run, not re-sent: the key is still there.
    expect(await client!.get('lock:late')).toBe('token-1');
    // The next call is preceded by a reload on the same connection, and runs.
    expect(
      await runScript(loading, {
        script: releaseScript,
        keys: ['lock:late'],
        args: ['token-1'],
        resend: false,
      }),
    ).toBe(1);
    expect(await client!.get('lock:late')).toBeNull();
  });
});
