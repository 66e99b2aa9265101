import { connect } from 'node:net';

/**
 * Sends one inline command over a fresh TCP connection and resolves with what `parse` makes
 * of the reply so far, once it returns a value; with `fallback` on a timeout or a socket
 * error.
 */
function probe<T>(
  port: number,
  command: string,
  timeoutMs: number,
  parse: (reply: string) => T | undefined,
  fallback: T,
): Promise<T> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let reply = '';
    const finish = (result: T): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(fallback), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      const result = parse(reply);
      if (result !== undefined) finish(result);
    });
    socket.on('error', () => finish(fallback));
  });
}

/**
 * Sends one inline `PING` over a fresh TCP connection and resolves true on `+PONG`. A server
 * still loading its data answers `-LOADING`, which counts as not ready.
 */
export function pingOnce(port: number, timeoutMs: number): Promise<boolean> {
  return probe(
    port,
    'PING',
    timeoutMs,
    (reply) => (reply.includes('\r\n') ? reply.startsWith('+PONG') : undefined),
    false,
  );
}

/**
 * The PID of the server answering on `port`, from `INFO server`; undefined when it does not
 * say within `timeoutMs` (no answer, an error reply). Tells whether the server that answered
 * PING is the process the harness spawned, or another one holding the port.
 */
export function serverProcessId(port: number, timeoutMs: number): Promise<number | undefined> {
  return probe<number | null>(
    port,
    'INFO server',
    timeoutMs,
    (reply) => {
      if (reply.startsWith('-') && reply.includes('\r\n')) return null;
      // The line end proves the number was not cut between two chunks.
      const pid = /\r\nprocess_id:(\d+)\r\n/.exec(reply)?.[1];
      return pid === undefined ? undefined : Number(pid);
    },
    null,
  ).then((pid) => pid ?? undefined);
}
