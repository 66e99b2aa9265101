import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { NoRedisBackendError, startRedisCluster, type RedisNode } from '@redquorum/testing';
import { clusterAddressMap } from '../../src/cluster-address-map.js';
import { findContainerRuntime } from '../../src/container-runtime.js';

let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'redquorum-cluster-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('clusterAddressMap', () => {
  const node = (url: string): RedisNode => ({ url }) as RedisNode;

  test('maps each announced address to where its node is reached', () => {
    const map = clusterAddressMap(
      ['node-0:6379', 'node-1:6379'],
      [node('redis://127.0.0.1:40001'), node('redis://127.0.0.1:40002')],
    );
    expect(map('node-1:6379')).toEqual({ host: '127.0.0.1', port: 40002 });
    expect(map('node-0:6379')).toEqual({ host: '127.0.0.1', port: 40001 });
    expect(map('172.18.0.2:6379')).toBeUndefined();
  });

  test("reads the node's url at each call, so a proxy attached later is followed", () => {
    let url = 'redis://127.0.0.1:40001';
    const proxied = {
      get url() {
        return url;
      },
    } as RedisNode;
    const map = clusterAddressMap(['127.0.0.1:40001'], [proxied]);
    url = 'redis://127.0.0.1:50001';
    expect(map('127.0.0.1:40001')).toEqual({ host: '127.0.0.1', port: 50001 });
  });
});

describe('startRedisCluster options', () => {
  test('rejects bad values before starting anything', async () => {
    await expect(startRedisCluster({ formTimeoutMs: 0 })).rejects.toThrow(/formTimeoutMs/);
    await expect(startRedisCluster({ port: 7000 } as never)).rejects.toThrow(/port/);
    await expect(startRedisCluster({ backend: 'container', clockRate: 2 })).rejects.toThrow(
      /need backend 'process'/,
    );
  });
});

describe("startRedisCluster({ backend: 'auto' }) with neither backend", () => {
  // Skipped where a Docker socket really exists: auto would then use it.
  const noSocket = findContainerRuntime({ HOME: '/nonexistent' }).found === undefined;

  test.runIf(noSocket)('fails at once, saying what it tried', async () => {
    vi.stubEnv('REDIS_SERVER_BIN', '');
    vi.stubEnv('PATH', '');
    vi.stubEnv('DOCKER_HOST', '');
    vi.stubEnv('TESTCONTAINERS_HOST_OVERRIDE', '');
    vi.stubEnv('HOME', home);
    vi.stubEnv('XDG_RUNTIME_DIR', '');
    const error = await startRedisCluster({ backend: 'auto' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NoRedisBackendError);
    expect((error as Error).message).toMatch(/no container runtime \(checked DOCKER_HOST, /);
  });
});
