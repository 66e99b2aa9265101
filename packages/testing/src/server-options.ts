/**
 * How a node keeps its data across restarts.
 * @category Nodes and faults
 */
export type Persistence = 'none' | 'aof-everysec' | 'aof-always';

const PERSISTENCE_MODES: readonly Persistence[] = ['none', 'aof-everysec', 'aof-always'];

/**
 * Options of {@link startRedisServer} and {@link startRedisNodes}.
 *
 * @example
 * ```ts
 * await using server = await startRedisServer({
 *   persistence: 'aof-always', // acknowledged writes survive restart()
 *   clockRate: 2, // the node's clock runs twice as fast (needs a C compiler)
 *   proxy: true, // partition(), latency(), reset()
 * });
 * ```
 * @category Nodes and faults
 */
export interface RedisServerOptions {
  /**
   * Where nodes run. `'process'` runs a local `redis-server`; `'container'` runs the image
   * `image` with testcontainers (an optional peer dependency, loaded only then; no clock skew);
   * `'auto'` uses the process backend when a `redis-server` is found, else containers when a
   * container runtime is found, and otherwise fails at once saying what it tried.
   * @defaultValue `'process'`
   */
  readonly backend?: 'process' | 'container' | 'auto';
  /** The image of `backend: 'container'`. @defaultValue `'redis:7'` */
  readonly image?: string;
  /**
   * A fixed TCP port. Rejected with a RangeError when it is taken, and by
   * {@link startRedisNodes}, which always picks free ports.
   * @defaultValue a free port chosen before the server starts
   */
  readonly port?: number;
  /**
   * `'none'` keeps nothing on restart; the AOF modes keep what was acknowledged
   * (`'aof-always'` fsyncs every write, `'aof-everysec'` may lose the last second).
   * @defaultValue `'none'`
   */
  readonly persistence?: Persistence;
  /** Extra `redis-server` arguments, appended after the harness's own. @defaultValue `[]` */
  readonly serverArgs?: readonly string[];
  /** How long to poll PING before giving up on a start. @defaultValue `10_000` */
  readonly readyTimeoutMs?: number;
  /**
   * Put a TCP fault proxy in front of each node, so that `partition()`, `heal()`,
   * `latency()` and `reset()` work; `url` and `connect()` then go through it.
   * @defaultValue `false`
   */
  readonly proxy?: boolean;
  /**
   * How fast the node's clocks run against real time (2: a key set with PX 2000 expires after
   * about one real second). Runs the server under an LD_PRELOAD shim built on demand with the
   * machine's C compiler. In (0, 100]. @defaultValue `1`
   */
  readonly clockRate?: number;
  /** Shift of the node's wall clock, in ms (under the same shim). @defaultValue `0` */
  readonly clockOffsetMs?: number;
  /** Path of the `redis-server` executable. @defaultValue `REDIS_SERVER_BIN`, then `PATH` */
  readonly bin?: string;
}

/** Options after validation, with defaults applied. */
export interface ResolvedServerOptions {
  readonly backend: 'process' | 'container' | 'auto';
  readonly image: string;
  readonly port: number | undefined;
  readonly persistence: Persistence;
  readonly serverArgs: readonly string[];
  readonly readyTimeoutMs: number;
  readonly bin: string | undefined;
  readonly proxy: boolean;
  readonly clockRate: number;
  readonly clockOffsetMs: number;
}

/**
 * Validates options once, before anything is spawned.
 * @throws TypeError or RangeError naming the bad option.
 */
export function resolveServerOptions(options: RedisServerOptions = {}): ResolvedServerOptions {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('options must be an object');
  const { backend = 'process', port, persistence = 'none', serverArgs = [] } = options;
  const { readyTimeoutMs = 10_000, bin, proxy = false } = options;
  if (typeof proxy !== 'boolean') throw new TypeError('options.proxy must be a boolean');
  const { clockRate = 1, clockOffsetMs = 0 } = options;
  if (typeof clockRate !== 'number' || !(clockRate > 0 && clockRate <= 100)) {
    throw new RangeError(
      `options.clockRate must be a number in (0, 100], got ${String(clockRate)}`,
    );
  }
  if (typeof clockOffsetMs !== 'number' || !Number.isFinite(clockOffsetMs)) {
    throw new RangeError(
      `options.clockOffsetMs must be a finite number, got ${String(clockOffsetMs)}`,
    );
  }
  if (backend !== 'process' && backend !== 'container' && backend !== 'auto') {
    throw new RangeError(
      `options.backend must be 'process', 'container' or 'auto', got ${String(backend)}`,
    );
  }
  const { image = 'redis:7' } = options;
  if (typeof image !== 'string' || image === '') {
    throw new TypeError('options.image must be a non-empty string');
  }
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65_535)) {
    throw new RangeError(`options.port must be an integer in [1, 65535], got ${String(port)}`);
  }
  if (!PERSISTENCE_MODES.includes(persistence)) {
    throw new RangeError(
      `options.persistence must be one of ${PERSISTENCE_MODES.join(', ')}, got ${String(persistence)}`,
    );
  }
  if (!Array.isArray(serverArgs) || !serverArgs.every((arg) => typeof arg === 'string')) {
    throw new TypeError('options.serverArgs must be an array of strings');
  }
  if (typeof readyTimeoutMs !== 'number' || !(readyTimeoutMs > 0)) {
    throw new RangeError(`options.readyTimeoutMs must be a positive number, got ${readyTimeoutMs}`);
  }
  if (bin !== undefined && (typeof bin !== 'string' || bin === '')) {
    throw new TypeError('options.bin must be a non-empty string');
  }
  return {
    backend,
    image,
    port,
    persistence,
    serverArgs: [...serverArgs],
    readyTimeoutMs,
    bin,
    proxy,
    clockRate,
    clockOffsetMs,
  };
}

/** The command line of one node: quiet, private, loopback only, debug commands on. */
export function serverArgs(
  options: ResolvedServerOptions,
  port: number,
  dataDir: string,
  logFile: string,
): string[] {
  const persistence =
    options.persistence === 'none'
      ? ['--appendonly', 'no']
      : [
          '--appendonly',
          'yes',
          '--appendfsync',
          options.persistence === 'aof-always' ? 'always' : 'everysec',
        ];
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dataDir,
    '--logfile',
    logFile,
    '--save',
    '',
    '--daemonize',
    'no',
    '--enable-debug-command',
    'local',
    ...persistence,
    ...options.serverArgs,
  ];
}
