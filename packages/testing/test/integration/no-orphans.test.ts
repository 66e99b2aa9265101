import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { startRedisNodes } from '@redquorum/testing';
import { isAlive } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait-for.js';

const fixture = fileURLToPath(new URL('../fixtures/start-three-nodes.mjs', import.meta.url));

interface Report {
  pids: number[];
  dirs: string[];
}

/**
 * A child Node process. Disposing of it kills it, any server it reported that is still alive,
 * and removes the servers' directories, which a killed parent never gets to remove.
 */
class Child implements AsyncDisposable {
  readonly process: ChildProcess;
  readonly exited: Promise<void>;
  report: Report = { pids: [], dirs: [] };
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
    for (const pid of this.report.pids.filter(isAlive)) process.kill(pid, 'SIGKILL');
    await Promise.all(this.report.dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/** Waits for the fixture's report line. */
async function reported(child: Child): Promise<Report> {
  await waitFor(
    () => child.stdout.includes('\n') || child.process.exitCode !== null,
    30_000,
    'the fixture printing its pids',
  );
  child.report = JSON.parse(child.stdout) as Report;
  return child.report;
}

test('no redis-server survives the process that started it, even under SIGKILL', async () => {
  await using child = new Child(fixture);
  await reported(child);
  expect(child.stderr).toBe('');
  // The harness itself prints nothing: the only output is the fixture's line.
  expect(child.stdout.trimEnd()).not.toContain('\n');
  const { pids } = child.report;
  expect(pids).toHaveLength(3);
  for (const pid of pids) {
    // The reported pid is the server itself: setpriv execs it rather than forking it.
    expect(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toBe('redis-server');
  }

  child.process.kill('SIGKILL');
  await child.exited;
  await waitFor(() => pids.every((pid) => !isAlive(pid)), 5_000, 'every server gone');
});

test('the next start removes the directories a SIGKILLed process left, and only those', async () => {
  await using child = new Child(fixture);
  const { pids, dirs } = await reported(child);
  expect(dirs).toHaveLength(3);
  expect(dirs.filter((dir) => !existsSync(dir))).toEqual([]);
  await using live = await startRedisNodes(1);

  child.process.kill('SIGKILL');
  await child.exited;
  await waitFor(() => pids.every((pid) => !isAlive(pid)), 5_000, 'every server gone');
  const next = await startRedisNodes(1);
  await next[Symbol.asyncDispose]();
  expect(dirs.filter(existsSync)).toEqual([]);
  // A live process's directories stay.
  expect(existsSync(live.at(0).dir)).toBe(true);
});
