import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Whether a process with this PID is alive. A zombie (dead, not yet reaped) counts as dead: a
 * redis-server orphaned by a killed parent is reaped by PID 1, which some container inits do
 * late or never, and `kill(pid, 0)` succeeds until then.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.charAt(stat.lastIndexOf(')') + 2); // The field after "(comm)".
    return state === 'Z' || state === 'X';
  } catch {
    return true; // Gone between the two checks.
  }
}

/** PIDs of the redis-server processes whose parent is this test process. */
export function childRedisServerPids(): number[] {
  const result = spawnSync('pgrep', ['-x', '-P', String(process.pid), 'redis-server'], {
    encoding: 'utf8',
  });
  // pgrep exits 1 when nothing matches.
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`pgrep failed with status ${String(result.status)}: ${result.stderr}`);
  }
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map(Number);
}
