import { describe, expect, test } from 'vitest';
import { startRedisNodes, type RedisServerOptions } from '@redquorum/testing';
import { resolveServerOptions } from '../../src/server-options.js';

type ErrorClass = typeof TypeError | typeof RangeError;

/** Lets a test pass a value the types forbid, as a JavaScript caller could. */
const loose = (value: unknown): RedisServerOptions => value as RedisServerOptions;

describe('resolveServerOptions', () => {
  test('applies the defaults', () => {
    expect(resolveServerOptions()).toEqual({
      backend: 'process',
      image: 'redis:7',
      port: undefined,
      persistence: 'none',
      serverArgs: [],
      readyTimeoutMs: 10_000,
      bin: undefined,
      proxy: false,
      clockRate: 1,
      clockOffsetMs: 0,
    });
  });

  test('copies serverArgs, so later changes to the caller array do not leak in', () => {
    const args = ['--maxmemory', '10mb'];
    const resolved = resolveServerOptions({ serverArgs: args });
    args.push('--oops');
    expect(resolved.serverArgs).toEqual(['--maxmemory', '10mb']);
  });

  test.each<[string, unknown, ErrorClass, RegExp]>([
    ['options null', null, TypeError, /options must be an object/],
    ['options a string', 'fast', TypeError, /options must be an object/],
    ['backend docker', { backend: 'docker' }, RangeError, /backend/],
    ['image empty', { backend: 'container', image: '' }, TypeError, /image/],
    ['port 70000', { port: 70_000 }, RangeError, /port/],
    ['port 0', { port: 0 }, RangeError, /port/],
    ['port 1.5', { port: 1.5 }, RangeError, /port/],
    ['port a string', { port: '6379' }, RangeError, /port/],
    ['persistence bogus', { persistence: 'bogus' }, RangeError, /persistence/],
    ['serverArgs with a number', { serverArgs: ['--maxmemory', 10] }, TypeError, /serverArgs/],
    ['serverArgs a string', { serverArgs: '--maxmemory 10mb' }, TypeError, /serverArgs/],
    ['readyTimeoutMs 0', { readyTimeoutMs: 0 }, RangeError, /readyTimeoutMs/],
    ['readyTimeoutMs -1', { readyTimeoutMs: -1 }, RangeError, /readyTimeoutMs/],
    ['readyTimeoutMs NaN', { readyTimeoutMs: Number.NaN }, RangeError, /readyTimeoutMs/],
    ['readyTimeoutMs a string', { readyTimeoutMs: '100' }, RangeError, /readyTimeoutMs/],
    ['bin empty', { bin: '' }, TypeError, /bin/],
    ['bin a number', { bin: 1 }, TypeError, /bin/],
  ])('rejects %s', (_name, options, errorClass, message) => {
    expect(() => resolveServerOptions(loose(options))).toThrow(errorClass);
    expect(() => resolveServerOptions(loose(options))).toThrow(message);
  });
});

/** The error startRedisNodes rejects with; disposes of the nodes should it start any. */
async function rejectionOf(count: unknown, options?: RedisServerOptions): Promise<unknown> {
  return startRedisNodes(count as number, options).then(
    async (nodes) => {
      await nodes[Symbol.asyncDispose]();
      return new Error('startRedisNodes resolved');
    },
    (error: unknown) => error,
  );
}

describe('startRedisNodes validation (nothing is spawned)', () => {
  test.each<[string, unknown]>([
    ['0', 0],
    ['-1', -1],
    ['1.5', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['65', 65],
    ["'3'", '3'],
    ['undefined', undefined],
  ])('rejects count %s with a RangeError', async (_name, count) => {
    const error = await rejectionOf(count);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/count/);
  });

  test.each<[string, unknown, ErrorClass]>([
    ['persistence bogus', { persistence: 'bogus' }, RangeError],
    ['serverArgs not strings', { serverArgs: [1] }, TypeError],
    ['readyTimeoutMs 0', { readyTimeoutMs: 0 }, RangeError],
    ['port 70000', { port: 70_000 }, RangeError],
    ['a port for several nodes', { port: 6379 }, RangeError],
  ])('rejects %s', async (_name, options, errorClass) => {
    expect(await rejectionOf(2, loose(options))).toBeInstanceOf(errorClass);
  });
});
