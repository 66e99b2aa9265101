import { readlinkSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'redquorum-node-';
const OWNER_FILE = 'owner.json';

/** Who made a node directory: a PID, and where that PID means something. */
interface Owner {
  readonly pid: number;
  /**
   * The host and PID namespace: two containers sharing a temp directory each have a process
   * 42, and one must not judge the other's directories by its own process table.
   */
  readonly scope: string;
}

function currentOwner(): Owner {
  let namespace = '';
  try {
    namespace = readlinkSync('/proc/self/ns/pid');
  } catch {
    // Not Linux: the host name alone tells machines apart.
  }
  return { pid: process.pid, scope: `${hostname()} ${namespace}` };
}

/**
 * Creates a node's private directory under the OS temp directory and records this process as
 * its owner, so that a later start can tell it was left behind if this process dies without
 * disposing of its nodes (a SIGKILL, a crash).
 */
export async function makeNodeDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), PREFIX));
  await writeFile(join(dir, OWNER_FILE), JSON.stringify(currentOwner()));
  return dir;
}

/** Where a node keeps its data (AOF, a cluster node's `nodes.conf`) inside its directory. */
export function nodeDataDir(dir: string): string {
  return join(dir, 'data');
}

/** The log file of the node whose private directory is `dir`. */
export function nodeLogFile(dir: string): string {
  return join(dir, 'redis.log');
}

/** Removes a node's data, keeping its directory and log: a restart without its data. */
export async function removeNodeData(dir: string): Promise<void> {
  await rm(nodeDataDir(dir), { recursive: true, force: true });
}

async function readOwner(dir: string): Promise<Owner | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(dir, OWNER_FILE), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const pid = 'pid' in parsed ? parsed.pid : undefined;
    const scope = 'scope' in parsed ? parsed.scope : undefined;
    return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 && typeof scope === 'string'
      ? { pid, scope }
      : undefined;
  } catch {
    // Not ours, or being created right now (mkdtemp done, owner not written yet): leave it.
    return undefined;
  }
}

/** Whether `pid` names a process; EPERM means it does, only not one of ours. */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the node directories whose owner process is dead: what a SIGKILLed test process
 * left behind (its servers died with it, through their parent-death signal, but nothing
 * removed their directories). Directories of live processes, of other hosts or PID namespaces,
 * and without an owner record are left alone. A reused PID only delays a removal.
 *
 * Best effort: a directory that cannot be read or removed (another user's, or one a
 * concurrent sweep is removing) is skipped, since leftovers must never fail a start.
 */
export async function sweepDeadOwnersDirs(): Promise<void> {
  const root = tmpdir();
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return;
  }
  const { scope } = currentOwner();
  await Promise.all(
    names
      .filter((name) => name.startsWith(PREFIX))
      .map(async (name) => {
        const dir = join(root, name);
        const owner = await readOwner(dir);
        if (owner === undefined || owner.scope !== scope || processExists(owner.pid)) return;
        await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      }),
  );
}
