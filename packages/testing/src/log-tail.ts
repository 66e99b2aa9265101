import { readFile } from 'node:fs/promises';

/** The last `lines` lines of the log file at `path`, for error messages; `'(no log)'` without one. */
export async function logFileTail(path: string, lines: number): Promise<string> {
  try {
    const text = await readFile(path, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
