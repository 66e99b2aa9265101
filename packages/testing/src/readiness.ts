import { setTimeout as sleep } from 'node:timers/promises';
import { pingOnce, serverProcessId } from './ping.js';
import type { ServerProcess } from './server-process.js';

const POLL_MS = 5;

/**
 * Calls `probe` every 5 ms until it returns something other than undefined, and resolves with
 * that; with undefined once `timeoutMs` has passed. Every backend's readiness wait: a start
 * polls its server until it answers, never sleeps a guessed time.
 * @internal
 */
export async function pollUntil<T>(
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const result = await probe();
    if (result !== undefined) return result;
    await sleep(POLL_MS);
  }
  return undefined;
}

/**
 * Polls the server spawned as `proc` until it answers PING on `port` as itself, and resolves
 * with undefined then; else with why it is not ready, worded to follow "redis-server on port
 * N": it exited, another process answers on the port, or nothing answered in `timeoutMs`.
 * @internal
 */
export async function whyNotReady(
  proc: ServerProcess,
  port: number,
  timeoutMs: number,
): Promise<string | undefined> {
  const outcome = await pollUntil(timeoutMs, async () => {
    if (proc.hasExited()) return 'exited';
    if (!(await pingOnce(port, 500))) return undefined;
    // A server that took the port answers PING too: only the spawned process will do.
    const answering = await serverProcessId(port, 500);
    if (answering === proc.pid) return 'ready';
    return answering;
  });
  if (outcome === 'ready') return undefined;
  if (typeof outcome === 'number') {
    return (
      `is answered by another process (pid ${outcome}, not the spawned ${proc.pid}): ` +
      'the port was taken, or `bin` is a wrapper that does not exec redis-server'
    );
  }
  return proc.hasExited() ? 'exited while starting' : `did not answer PING within ${timeoutMs} ms`;
}

/**
 * Polls PING on loopback `port` until it answers; false when `timeoutMs` passes first. A
 * container's readiness: the runtime knows no PID to check the answer against.
 * @internal
 */
export async function answersPingWithin(port: number, timeoutMs: number): Promise<boolean> {
  const ready = await pollUntil(timeoutMs, async () =>
    (await pingOnce(port, 500)) ? true : undefined,
  );
  return ready === true;
}
