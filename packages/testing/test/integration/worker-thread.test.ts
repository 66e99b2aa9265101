// The parent-death signal that kills nodes with their process is tied to the thread that
// spawned them (PR_SET_PDEATHSIG): nodes started in a worker thread die when that thread ends,
// as the testing guide and startRedisNodes' documentation say.
import { rm } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { expect, test } from 'vitest';
import { isAlive } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait-for.js';

const dist = new URL('../../dist/index.js', import.meta.url).href;

// Starts a node, reports it, and ends the thread without disposing of the node.
const workerSource = `
const { parentPort } = require('node:worker_threads');
import(${JSON.stringify(dist)}).then(async ({ startRedisServer }) => {
  const server = await startRedisServer();
  parentPort.postMessage({ pid: server.pid, dir: server.dir });
  process.exit(0);
});
`;

interface Started {
  pid: number;
  dir: string;
}

test('a node started in a worker thread dies when the thread ends, while the process lives on', async () => {
  const worker = new Worker(workerSource, { eval: true, stdout: true, stderr: true });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  const started = await new Promise<Started>((resolve, reject) => {
    worker.once('message', (message: Started) => resolve(message));
    worker.once('error', reject);
  });
  try {
    expect(await exited).toBe(0);
    await waitFor(() => !isAlive(started.pid), 5_000, 'the worker’s node gone');
  } finally {
    if (isAlive(started.pid)) process.kill(started.pid, 'SIGKILL');
    // The thread ended without disposing of the node: its directory is this test's to remove.
    await rm(started.dir, { recursive: true, force: true });
  }
});
