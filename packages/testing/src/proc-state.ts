import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls /proc until the process's state letter matches, so that pause() returns once the node
 * is frozen and resume() once it runs. Returns at once off Linux and when the process is gone.
 */
export async function waitForProcState(pid: number, ok: (state: string) => boolean): Promise<void> {
  if (process.platform !== 'linux') return;
  const deadline = performance.now() + 2_000;
  while (performance.now() < deadline) {
    let state: string | undefined;
    try {
      state = /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
    } catch {
      return;
    }
    if (state === undefined || ok(state)) return;
    await sleep(1);
  }
}
