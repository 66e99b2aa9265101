import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { access, readFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * Thrown when the clock shim cannot be built (no C compiler, say).
 *
 * @example
 * ```ts
 * const shim = await buildClockShim().catch((error: unknown) => {
 *   if (error instanceof ClockShimBuildError) return undefined; // skip the clock-skew tests
 *   throw error;
 * });
 * ```
 * @category Setup
 */
export class ClockShimBuildError extends Error {
  /** Always `'ClockShimBuildError'`, so test failures name the cause plainly. */
  override readonly name = 'ClockShimBuildError';
  /** Stable code for programmatic checks. */
  readonly code = 'ERR_CLOCK_SHIM_BUILD';
}

const SOURCE = fileURLToPath(new URL('../native/clock-shim.c', import.meta.url));

/**
 * Builds the LD_PRELOAD clock shim with the machine's C compiler (`CC`, else `cc`), once per
 * source version: the library lands in the temp dir under a name holding the source's hash,
 * and later calls find it there.
 * @returns The shared library's path.
 * @example
 * ```ts
 * // Fail before a clock-skew suite starts its nodes (startRedisServer builds it on demand):
 * const shim = await buildClockShim(); // e.g. /tmp/redquorum-clock-shim-<hash>.so
 * ```
 * @throws {@link ClockShimBuildError} when there is no compiler or the build fails.
 * @category Setup
 */
export async function buildClockShim(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (process.platform !== 'linux') {
    throw new ClockShimBuildError('clock skew needs Linux (an LD_PRELOAD shim)');
  }
  const source = await readFile(SOURCE, 'utf8');
  const hash = createHash('sha1').update(source).digest('hex').slice(0, 12);
  const target = join(tmpdir(), `redquorum-clock-shim-${hash}.so`);
  try {
    await access(target);
    return target;
  } catch {
    // Not built yet.
  }
  const compiler = env['CC'] ?? 'cc';
  // Unique per call, not per process: nodes start in parallel, and each builds on a cold cache.
  // Renames are atomic, so concurrent builds each land a whole library and the last one wins.
  const partial = `${target}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await promisify(execFile)(compiler, ['-shared', '-fPIC', '-O2', '-o', partial, SOURCE]);
  } catch (error) {
    throw new ClockShimBuildError(
      `could not build the clock shim with ${compiler}: install a C compiler ` +
        '(Debian/Ubuntu: `sudo apt-get install gcc`) or set CC',
      { cause: error },
    );
  }
  await rename(partial, target);
  return target;
}

/** The environment that runs a process under the shim. */
export function clockEnv(
  shim: string,
  clockRate: number,
  clockOffsetMs: number,
): Record<string, string> {
  return {
    LD_PRELOAD: shim,
    REDQUORUM_CLOCK_RATE: String(clockRate),
    REDQUORUM_CLOCK_OFFSET_MS: String(clockOffsetMs),
  };
}

/**
 * The environment of a server whose clock runs `clockRate` times as fast, shifted by
 * `clockOffsetMs`, building the shim on first use; undefined (inherit this process's) when the
 * clock is true.
 * @throws ClockShimBuildError when the shim is needed and cannot be built.
 */
export async function skewedClockEnv(
  clockRate: number,
  clockOffsetMs: number,
): Promise<NodeJS.ProcessEnv | undefined> {
  if (clockRate === 1 && clockOffsetMs === 0) return undefined;
  return { ...process.env, ...clockEnv(await buildClockShim(), clockRate, clockOffsetMs) };
}
