import type { DockerContainer } from './container-runtime.js';

/** Whether the container runs (paused counts as running); false when it is gone. */
export async function isRunning(docker: DockerContainer): Promise<boolean> {
  try {
    return (await docker.inspect()).State.Running;
  } catch {
    return false;
  }
}

function statusOf(error: unknown): number | undefined {
  const code = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** Docker answers 304 or 409 when the container is already stopped. */
export function ignoreNotRunning(error: unknown): void {
  const status = statusOf(error);
  if (status !== 304 && status !== 409) throw error;
}

/** Docker answers 404 for a container (or network) already removed, 409 for one being removed. */
export function ignoreGone(error: unknown): void {
  const status = statusOf(error);
  if (status !== 404 && status !== 409) throw error;
}

/**
 * The text of a container's log. Without a TTY Docker multiplexes stdout and stderr: an
 * 8-byte frame header before each chunk.
 */
export function demultiplex(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length && buffer[offset + 1] === 0) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return parts.length > 0 ? Buffer.concat(parts).toString('utf8') : buffer.toString('utf8');
}
