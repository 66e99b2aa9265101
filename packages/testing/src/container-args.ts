import { serverArgs, type ResolvedServerOptions } from './server-options.js';

/** The port the server listens on inside its container, published on a host port. */
export const CONTAINER_PORT = 6379;

/**
 * The harness's server arguments, adapted to a container: all interfaces, no protected mode,
 * data in `/data`, log to stdout.
 * @internal
 */
export function containerArgs(options: ResolvedServerOptions): string[] {
  const args = serverArgs(options, CONTAINER_PORT, '/data', '');
  const set = (flag: string, value: string): void => {
    const index = args.indexOf(flag);
    if (index >= 0) args[index + 1] = value;
  };
  // Port mapping reaches the server through the container's own interface, not its loopback.
  set('--bind', '0.0.0.0');
  set('--enable-debug-command', 'yes');
  return ['redis-server', ...args.slice(0, 4), '--protected-mode', 'no', ...args.slice(4)];
}

/**
 * Containers run the image's clock: the clock shim is a process-backend feature.
 * @throws RangeError when `options` skew the clock.
 * @internal
 */
export function assertTrueClock(options: ResolvedServerOptions): void {
  if (options.clockRate !== 1 || options.clockOffsetMs !== 0) {
    throw new RangeError("options.clockRate and options.clockOffsetMs need backend 'process'");
  }
}
