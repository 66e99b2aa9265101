// A lock is one script call per node, which must be answered within nodeTimeoutMs: its number
// of resources and the size of its keys are bounded, and checked synchronously, naming
// `resources` and the bound, before any Redis call.
import { describe, expect, it } from 'vitest';
import { MAX_KEY_BYTES, MAX_RESOURCES, type LockManagerOptions } from '../../src/index.js';
import { makeEngine } from './fake-backend.js';

const names = (count: number): string[] => Array.from({ length: count }, (_, i) => `r${i}`);

/** A resource whose key, `lock:` + it, is `bytes` bytes of UTF-8 made of `unit`. */
function resourceOfKeyBytes(bytes: number, unit: string): string {
  const unitBytes = Buffer.byteLength(unit);
  const body = bytes - 'lock:'.length;
  return unit.repeat(Math.floor(body / unitBytes)) + 'x'.repeat(body % unitBytes);
}

const entryPoints = {
  acquire: (engine: ReturnType<typeof makeEngine>['engine'], resources: string[]) =>
    engine.acquire(resources),
  tryAcquire: (engine: ReturnType<typeof makeEngine>['engine'], resources: string[]) =>
    engine.tryAcquire(resources),
  using: (engine: ReturnType<typeof makeEngine>['engine'], resources: string[]) =>
    engine.using(resources, () => undefined),
};

describe.each(Object.entries(entryPoints))('%s', (_, call) => {
  function refused(resources: string[], options?: LockManagerOptions): RangeError {
    const { engine, backend } = makeEngine(options);
    let thrown: unknown;
    try {
      // A promise here would mean the check ran late, after the engine's first await.
      void call(engine, resources);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RangeError);
    expect(backend.calls).toEqual([]);
    expect(backend.checkedKeys).toEqual([]);
    return thrown as RangeError;
  }

  it(`refuses more than ${MAX_RESOURCES} resources, naming resources and the bound`, () => {
    const error = refused(names(MAX_RESOURCES + 1));
    expect(error.message).toMatch(/^resources /);
    expect(error.message).toContain(String(MAX_RESOURCES));
    expect(error.message).toContain(String(MAX_RESOURCES + 1));
  });

  it('refuses far more resources (where the client overflowed its stack) just as fast', () => {
    const error = refused(names(124_000));
    expect(error.message).toContain('MAX_RESOURCES');
  });

  it(`refuses keys of more than ${MAX_KEY_BYTES} bytes in all, prefix included`, () => {
    const error = refused([resourceOfKeyBytes(MAX_KEY_BYTES + 1, 'x')]);
    expect(error.message).toMatch(/^resources /);
    expect(error.message).toContain(String(MAX_KEY_BYTES));
    expect(error.message).toContain('MAX_KEY_BYTES');
  });

  it('counts bytes of UTF-8, not characters', () => {
    // Fewer UTF-16 code units than the bound, more bytes: 'é' is 2 bytes, '😀' 4 (2 units).
    for (const unit of ['é', '😀', '€']) {
      const resource = resourceOfKeyBytes(MAX_KEY_BYTES + 1, unit);
      expect(resource.length).toBeLessThan(MAX_KEY_BYTES);
      expect(refused([resource]).message).toContain(`got ${MAX_KEY_BYTES + 1}`);
    }
  });

  it('adds up the keys of every resource', () => {
    const each = Math.ceil(MAX_KEY_BYTES / 500); // 500 keys just over the bound in all
    const resources = names(500).map((name) => name.padEnd(each - 'lock:'.length, '-'));
    refused(resources);
  });

  it('counts the prefix as part of each key', async () => {
    const resources = names(MAX_RESOURCES).map((name) => name.padEnd(200, '-'));
    // 1000 keys of 205 bytes fit; with a 100-byte prefix they no longer do.
    const { engine, backend } = makeEngine();
    const lock = await call(engine, resources);
    if (lock !== undefined) await lock.release();
    expect(backend.ops('acquire')).toHaveLength(1);
    refused(resources, { keyPrefix: 'p'.repeat(100) });
  });
});

describe('at the bounds', () => {
  it('acquires MAX_RESOURCES resources whose keys make exactly MAX_KEY_BYTES', async () => {
    const { engine, backend } = makeEngine();
    const each = MAX_KEY_BYTES / MAX_RESOURCES; // 262.144: most keys one byte shorter
    const resources = names(MAX_RESOURCES).map((name, i) => {
      const length = Math.floor(each * (i + 1)) - Math.floor(each * i) - 'lock:'.length;
      return name.padEnd(length, '-');
    });
    const bytes = resources.reduce((sum, r) => sum + Buffer.byteLength(`lock:${r}`), 0);
    expect(bytes).toBe(MAX_KEY_BYTES);
    const lock = await engine.acquire(resources);
    expect(backend.ops('acquire')[0]!.request.keys).toHaveLength(MAX_RESOURCES);
    await lock.release();
  });

  it('acquires one key of exactly the byte bound in multi-byte characters', async () => {
    const { engine } = makeEngine();
    const lock = await engine.acquire(resourceOfKeyBytes(MAX_KEY_BYTES, '€'));
    await lock.release();
  });
});
