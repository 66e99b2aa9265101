import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { skewedClockEnv } from './clock-shim.js';
import { nodeDataDir, nodeLogFile } from './node-dir.js';
import { serverArgs, type ResolvedServerOptions } from './server-options.js';

const SETPRIV = '/usr/bin/setpriv';

/** A spawned `redis-server` and a promise of its exit. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<void>;
  readonly hasExited: () => boolean;
}

/**
 * Spawns `redis-server` so that it dies with the process that started it, even when that
 * process is killed with SIGKILL: on Linux, `setpriv --pdeathsig KILL` execs the server with a
 * parent-death signal (same PID, no extra process). Elsewhere the server is killed on a normal
 * exit only.
 *
 * The kernel sends the parent-death signal when the *thread* that forked dies: a server
 * spawned from a worker thread dies when that worker ends. That is the right owner: the
 * handle that could kill, restart or reap the server lives on the worker's event loop and is
 * gone with it.
 */
export function spawnServer(
  bin: string,
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
): ServerProcess {
  const usePdeathsig = process.platform === 'linux' && existsSync(SETPRIV);
  const child = usePdeathsig
    ? spawn(SETPRIV, ['--pdeathsig', 'KILL', '--', bin, ...args], { stdio: 'ignore', env })
    : spawn(bin, args, { stdio: 'ignore', env });
  let done = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      done = true;
      resolve();
    });
    // A failed spawn emits 'error' and possibly no 'exit'.
    child.once('error', () => {
      done = true;
      resolve();
    });
  });
  const pid = child.pid ?? -1;
  if (!usePdeathsig && pid > 0) {
    const onExit = (): void => {
      if (!done) child.kill('SIGKILL');
    };
    process.once('exit', onExit);
    void exited.then(() => process.removeListener('exit', onExit));
  }
  return { child, pid, exited, hasExited: () => done };
}

const STOP_GRACE_MS = 10_000;

/** Crashes the server with SIGKILL (no shutdown, no final fsync) and waits for it to exit. */
export async function killServer(proc: ServerProcess): Promise<void> {
  if (proc.hasExited()) return;
  proc.child.kill('SIGKILL');
  await proc.exited;
}

/**
 * Shuts the server down with SIGTERM (thawing it first when `paused`, or it would never see
 * the signal) and waits for it to exit; SIGKILL after 10 s.
 */
export async function stopServer(proc: ServerProcess, paused: boolean): Promise<void> {
  if (proc.hasExited()) return;
  if (paused) process.kill(proc.pid, 'SIGCONT');
  process.kill(proc.pid, 'SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), STOP_GRACE_MS);
  await proc.exited;
  clearTimeout(timer);
}

/**
 * Spawns a node's server with the harness's arguments: data in {@link nodeDataDir} (created
 * here), log in {@link nodeLogFile}, its clock skewed as `options` ask (building the shim).
 */
export async function spawnNodeServer(
  bin: string,
  options: ResolvedServerOptions,
  port: number,
  dir: string,
): Promise<ServerProcess> {
  await mkdir(nodeDataDir(dir), { recursive: true });
  const args = serverArgs(options, port, nodeDataDir(dir), nodeLogFile(dir));
  return spawnServer(bin, args, await skewedClockEnv(options.clockRate, options.clockOffsetMs));
}
