import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { NoRedisBackendError, startRedisServer, startRedisNodes } from '@redquorum/testing';
import { findContainerRuntime } from '../../src/container-runtime.js';

let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'redquorum-auto-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('findContainerRuntime', () => {
  test('finds DOCKER_HOST first', () => {
    const result = findContainerRuntime({ DOCKER_HOST: 'unix:///x.sock' }, () => false);
    expect(result.found).toBe('DOCKER_HOST=unix:///x.sock');
  });

  test('finds a well-known socket', () => {
    const result = findContainerRuntime({ HOME: '/h' }, (p) => p === '/var/run/docker.sock');
    expect(result.found).toBe('/var/run/docker.sock');
  });

  test('lists what it checked when nothing is there', () => {
    const result = findContainerRuntime({ HOME: '/h', XDG_RUNTIME_DIR: '/run/u' }, () => false);
    expect(result.found).toBeUndefined();
    expect(result.checked).toEqual([
      'DOCKER_HOST',
      'TESTCONTAINERS_HOST_OVERRIDE',
      '/h/.testcontainers.properties',
      '/var/run/docker.sock',
      '/h/.docker/run/docker.sock',
      '/h/.docker/desktop/docker.sock',
      '/run/u/docker.sock',
      '/run/u/podman/podman.sock',
    ]);
  });
});

describe("backend: 'auto' with neither backend", () => {
  // Skipped where a Docker socket really exists: auto would then use it.
  const noSocket = findContainerRuntime({ HOME: '/nonexistent' }).found === undefined;

  test.runIf(noSocket)('fails within milliseconds, saying what it tried', async () => {
    vi.stubEnv('REDIS_SERVER_BIN', '');
    vi.stubEnv('PATH', '');
    vi.stubEnv('DOCKER_HOST', '');
    vi.stubEnv('TESTCONTAINERS_HOST_OVERRIDE', '');
    vi.stubEnv('HOME', home);
    vi.stubEnv('XDG_RUNTIME_DIR', '');
    const started = performance.now();
    const error = await startRedisServer({ backend: 'auto' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(performance.now() - started).toBeLessThan(100);
    expect(error).toBeInstanceOf(NoRedisBackendError);
    const message = (error as Error).message;
    expect(message).toMatch(/redis-server was not found on PATH/);
    expect(message).toMatch(/apt-get install redis-server/);
    expect(message).toMatch(/no container runtime \(checked DOCKER_HOST, /);
    expect(message).toContain('/var/run/docker.sock');
    expect(message).toContain('testcontainers@~11.14.0');
    expect((error as NoRedisBackendError).code).toBe('ERR_NO_REDIS_BACKEND');
    await expect(startRedisNodes(2, { backend: 'auto' })).rejects.toThrow(NoRedisBackendError);
  });
});
