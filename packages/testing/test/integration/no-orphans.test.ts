import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { isAlive } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait-for.js';

const fixture = fileURLToPath(new URL('../fixtures/start-three-nodes.mjs', import.meta.url));

/** A child Node process; disposing of it kills it and any PID it reported, if still alive. */
class Child implements AsyncDisposable {
  readonly process: ChildProcess;
  readonly exited: Promise<void>;
  pids: number[] = [];
  stdout = '';
  stderr = '';

  constructor(script: string) {
    this.process = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.process.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.process.once('exit', () => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill('SIGKILL');
      await this.exited;
    }
    for (const pid of this.pids.filter(isAlive)) process.kill(pid, 'SIGKILL');
  }
}

test('no redis-server survives the process that started it, even under SIGKILL', async () => {
  await using child = new Child(fixture);
  await waitFor(
    () => child.stdout.includes('\n') || child.process.exitCode !== null,
    30_000,
    'the fixture printing its pids',
  );
  expect(child.stderr).toBe('');
  // The harness itself prints nothing: the only output is the fixture's line.
  expect(child.stdout).toMatch(/^\[[\d,]+\]\n$/);
  child.pids = JSON.parse(child.stdout) as number[];
  expect(child.pids).toHaveLength(3);
  for (const pid of child.pids) {
    // The reported pid is the server itself: setpriv execs it rather than forking it.
    expect(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toBe('redis-server');
  }

  child.process.kill('SIGKILL');
  await child.exited;
  await waitFor(() => child.pids.every((pid) => !isAlive(pid)), 5_000, 'every server gone');
});
