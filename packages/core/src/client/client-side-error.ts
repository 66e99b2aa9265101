import type { NodeOutcome } from '../outcomes.js';

/**
 * A command the Redis client library failed by itself, before anything reached the node: its
 * `evalSha` threw synchronously, or rejected with a JavaScript error of the language's own
 * kinds (a RangeError such as node-redis's stack overflow while building a command of some
 * 124,000 keys, a TypeError from a bad argument) rather than a Redis error reply or a
 * connection error. It is the client's failure, not the node's: the same call fails the same
 * way on every attempt, so the engine does not retry it, and it must not blame the node.
 * The client's error is `cause`.
 *
 * @example
 * ```ts
 * const settled = await new CallDeadlines({ timeoutMs: 200 }).watch(sendScript(client, call));
 * if (settled.kind === 'error' && settled.error instanceof ClientSideError) {
 *   throw settled.error.cause; // a bug or a limit of the client: retrying cannot help
 * }
 * ```
 * @category Clients
 */
export class ClientSideError extends Error {
  /** Always `'ClientSideError'`. */
  override readonly name = 'ClientSideError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_CLIENT_SIDE';

  constructor(cause: unknown) {
    const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`the Redis client failed before sending the command: ${detail}`, { cause });
  }
}

/**
 * The errors JavaScript itself throws for a program's mistakes. Redis error replies and
 * connection failures are plain `Error`s (or subclasses of it) in every supported client.
 */
const LANGUAGE_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError] as const;

/**
 * What a call's rejection comes to: a {@link ClientSideError} around a language error (see
 * there), else `error` unchanged (the node's error reply, a broken connection).
 *
 * @example
 * ```ts
 * clientSide(new RangeError('Maximum call stack size exceeded')); // a ClientSideError
 * clientSide(new Error('WRONGTYPE Operation against a key')); // unchanged: the node's
 * ```
 */
export function clientSide(error: unknown): unknown {
  if (error instanceof ClientSideError) return error;
  for (const kind of LANGUAGE_ERRORS) if (error instanceof kind) return new ClientSideError(error);
  if (isClosedClient(error)) return closedClientError(error);
  return error;
}

/**
 * The error for a call on a client that is closed, or was never connected: no attempt can
 * succeed until the caller connects it. `cause` is what the client said, if anything.
 */
export function closedClientError(cause?: unknown): ClientSideError {
  const message =
    'the Redis client is closed or was never connected: connect() it before passing it, and keep it open while locks are in use';
  return new ClientSideError(new Error(message, { cause }));
}

/** node-redis's `ClientClosedError` ("The client is closed"), by its shape: no import needed. */
function isClosedClient(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.constructor.name === 'ClientClosedError' || error.message === 'The client is closed')
  );
}

/** The first node outcome that was the client's own failure, not the node's. */
export function clientFailureOf(nodes: readonly NodeOutcome[]): ClientSideError | undefined {
  for (const node of nodes) if (node.cause instanceof ClientSideError) return node.cause;
  return undefined;
}
