import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findRedisServer, RedisServerNotFoundError, startRedisServer } from '@redquorum/testing';

let dir: string;
let executable: string;
let notExecutable: string;
let directory: string;
let pathWithDirectory: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redquorum-bin-test-'));
  executable = join(dir, 'redis-server');
  notExecutable = join(dir, 'not-executable');
  await writeFile(executable, '#!/bin/sh\nexit 0\n');
  await chmod(executable, 0o755);
  await writeFile(notExecutable, '');
  await chmod(notExecutable, 0o644);
  // Directories carry the x bit, so an access check alone takes them for executables.
  directory = join(dir, 'a-directory');
  await mkdir(directory, { mode: 0o755 });
  pathWithDirectory = join(dir, 'path-entry');
  await mkdir(join(pathWithDirectory, 'redis-server'), { recursive: true, mode: 0o755 });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What findRedisServer throws, or a failure when it returns. */
function thrownBy(find: () => string): unknown {
  try {
    return new Error(`findRedisServer returned ${find()}`);
  } catch (error) {
    return error;
  }
}

describe('findRedisServer', () => {
  test('without redis-server on PATH: a RedisServerNotFoundError that says how to get one', () => {
    const error = thrownBy(() => findRedisServer(undefined, { PATH: '/nonexistent' }));
    expect(error).toBeInstanceOf(RedisServerNotFoundError);
    const { message, name, code } = error as RedisServerNotFoundError;
    expect(name).toBe('RedisServerNotFoundError');
    expect(code).toBe('ERR_REDIS_SERVER_NOT_FOUND');
    expect(message).toContain('apt-get');
    expect(message).toContain('REDIS_SERVER_BIN');
    expect(message).toContain('container');
  });

  test('without PATH at all: the same error', () => {
    expect(() => findRedisServer(undefined, {})).toThrow(RedisServerNotFoundError);
  });

  test('REDIS_SERVER_BIN at a file that is not executable: the same error, naming it', () => {
    const env = { PATH: dir, REDIS_SERVER_BIN: notExecutable };
    const error = thrownBy(() => findRedisServer(undefined, env));
    expect(error).toBeInstanceOf(RedisServerNotFoundError);
    expect((error as Error).message).toContain(notExecutable);
    expect((error as Error).message).toContain('REDIS_SERVER_BIN');
  });

  test('REDIS_SERVER_BIN at a missing file: the same error, not a fallback to PATH', () => {
    const env = { PATH: dir, REDIS_SERVER_BIN: join(dir, 'missing') };
    expect(() => findRedisServer(undefined, env)).toThrow(RedisServerNotFoundError);
  });

  test('an explicit path that is not executable: the same error, naming the bin option', () => {
    expect(() => findRedisServer(notExecutable, { PATH: dir })).toThrow(/bin option/);
  });

  test('REDIS_SERVER_BIN at a directory: the same error, naming it, not a later empty log', () => {
    const error = thrownBy(() =>
      findRedisServer(undefined, { PATH: dir, REDIS_SERVER_BIN: directory }),
    );
    expect(error).toBeInstanceOf(RedisServerNotFoundError);
    expect((error as Error).message).toContain(directory);
    expect((error as Error).message).toContain('not an executable file');
  });

  test('an explicit path at a directory: the same error', () => {
    expect(() => findRedisServer(directory, { PATH: dir })).toThrow(RedisServerNotFoundError);
  });

  test('a directory named redis-server on PATH is skipped for a later executable', () => {
    const env = { PATH: `${pathWithDirectory}:${dir}` };
    expect(findRedisServer(undefined, env)).toBe(executable);
    expect(() => findRedisServer(undefined, { PATH: pathWithDirectory })).toThrow(
      RedisServerNotFoundError,
    );
  });

  test('finds redis-server on PATH, skipping empty and missing entries', () => {
    expect(findRedisServer(undefined, { PATH: `::/nonexistent:${dir}` })).toBe(executable);
  });

  test('prefers REDIS_SERVER_BIN to PATH, and an explicit path to both', () => {
    const env = { PATH: '/nonexistent', REDIS_SERVER_BIN: executable };
    expect(findRedisServer(undefined, env)).toBe(executable);
    expect(findRedisServer(executable, { REDIS_SERVER_BIN: notExecutable })).toBe(executable);
  });

  test('an empty REDIS_SERVER_BIN is ignored', () => {
    expect(findRedisServer(undefined, { PATH: dir, REDIS_SERVER_BIN: '' })).toBe(executable);
  });
});

test('startRedisServer rejects with RedisServerNotFoundError for a bin that is not executable', async () => {
  await expect(startRedisServer({ bin: notExecutable })).rejects.toThrow(RedisServerNotFoundError);
});

test('startRedisServer rejects with RedisServerNotFoundError for a bin that is a directory', async () => {
  await expect(startRedisServer({ bin: directory })).rejects.toThrow(RedisServerNotFoundError);
});
