// The pause Kleppmann wrote about, for real: a worker process holding a fenced lock is frozen
// (SIGSTOP) past its validity while another process acquires and writes; when it resumes, it
// writes as if it still held the lock, and a fenced store (a fence-checking script on a
// separate Redis) rejects that stale write. LockHistory reports the overlap in time as an
// overrun neutralised by fencing, not as a mutual-exclusion violation.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { LockHistory, startRedisNodes, waitFor } from '../../src/index.js';

const WRITER = fileURLToPath(new URL('../fixtures/fenced-writer.mjs', import.meta.url));

/** A fenced-writer process: send it a line, read its next JSON line. */
interface Writer {
  readonly child: ChildProcessWithoutNullStreams;
  next(): Promise<Record<string, unknown>>;
  send(line: string): void;
}

function startWriter(config: object): Writer {
  const child = spawn(process.execPath, [WRITER, JSON.stringify(config)]);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    child,
    async next() {
      const line = await lines.next();
      if (line.done === true) throw new Error(`writer exited: ${stderr}`);
      return JSON.parse(line.value) as Record<string, unknown>;
    },
    send: (line) => child.stdin.write(`${line}\n`),
  };
}

const exited = (child: ChildProcessWithoutNullStreams): Promise<number | null> =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', resolve));

test('a fenced store rejects the write of a worker resumed past its validity', async () => {
  await using nodes = await startRedisNodes(3);
  await using storeNode = await startRedisNodes(1);
  const [store] = await storeNode.connect();
  const config = { urls: nodes.urls, storeUrl: storeNode.urls[0], resource: 'invoice:7' };
  const history = new LockHistory();

  const a = startWriter(config);
  let b: Writer | undefined;
  try {
    const heldA = await a.next();
    const validUntilA = Number(heldA['validUntil']);
    a.child.kill('SIGSTOP');
    // A is frozen with its lock; its validity runs out, then its keys expire.
    await waitFor(() => Date.now() > validUntilA, 5_000, 'A’s validity over');

    b = startWriter(config); // acquires once A's keys have expired
    const heldB = await b.next();
    expect(BigInt(heldB['fence'] as string)).toBeGreaterThan(BigInt(heldA['fence'] as string));
    b.send('write by b');
    expect((await b.next())['written']).toBe(1);

    a.child.kill('SIGCONT');
    a.send('write by a'); // A goes on as if nothing happened
    const staleWrite = await a.next();
    expect(staleWrite['written']).toBe(0);
    expect(await store!.get('data:invoice:7')).toBe('by b');

    b.send('release');
    const releasedB = await b.next();
    a.send('release');
    expect((await a.next())['released']).toBe('LockNotHeldError');
    expect(await exited(a.child)).toBe(0);
    expect(await exited(b.child)).toBe(0);
    history.record({
      resource: 'invoice:7',
      holder: 'a',
      acquiredAt: Number(heldA['acquiredAt']),
      validUntil: validUntilA,
      releasedAt: Number(staleWrite['at']),
      fence: BigInt(heldA['fence'] as string),
    });
    history.record({
      resource: 'invoice:7',
      holder: 'b',
      acquiredAt: Number(heldB['acquiredAt']),
      validUntil: Number(heldB['validUntil']),
      releasedAt: Number(releasedB['at']),
      fence: BigInt(heldB['fence'] as string),
    });
    const report = history.check();
    expect(report.overlaps.count).toBe(0);
    expect(report.fenceRegressions.count).toBe(0);
    expect(report.overruns.count).toBe(1);
    expect(report.overruns.examples[0]!.overrunning.holder).toBe('a');
    expect(report.overruns.examples[0]!.neutralisedByFencing).toBe(true);
  } finally {
    for (const writer of [a, b]) {
      if (writer !== undefined && writer.child.exitCode === null) {
        writer.child.kill('SIGCONT');
        writer.child.kill('SIGKILL');
        await exited(writer.child);
      }
    }
  }
});
