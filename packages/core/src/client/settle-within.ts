import { clientSide } from './client-side-error.js';

/**
 * What a call bounded by a deadline came to.
 * @category Clients
 */
export type Settled<T> =
  | {
      /** The call resolved before the deadline. */
      readonly kind: 'value';
      /** What it resolved with. */
      readonly value: T;
    }
  | {
      /** The call rejected before the deadline. */
      readonly kind: 'error';
      /** What it rejected with, as thrown: not always an `Error`. */
      readonly error: unknown;
    }
  | {
      /** The deadline passed first; the call may still succeed later, on the server too. */
      readonly kind: 'timeout';
    };

/**
 * Races a call against a deadline without aborting it: node-redis v4 has no per-command
 * timeout, and aborting a command already written corrupts its queue. The call keeps running;
 * its late reply or rejection lands in handlers attached here, so nothing goes unhandled.
 * `onLate` sees what arrived after the deadline. A rejection that is the client's own failure
 * (see `ClientSideError`) settles as one.
 *
 * @example
 * ```ts
 * const settled = await settleWithin(client.ping(), 100);
 * if (settled.kind === 'timeout') console.warn('no PONG within 100 ms'); // it may still come
 * ```
 * @category Clients
 */
export function settleWithin<T>(
  call: Promise<T>,
  timeoutMs: number,
  onLate?: (late: Settled<T>) => void,
): Promise<Settled<T>> {
  return new Promise((resolve) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      resolve({ kind: 'timeout' });
    }, timeoutMs);
    const settle = (result: Settled<T>): void => {
      if (done) {
        onLate?.(result);
        return;
      }
      done = true;
      clearTimeout(timer);
      resolve(result);
    };
    call.then(
      (value) => settle({ kind: 'value', value }),
      (error: unknown) => settle({ kind: 'error', error: clientSide(error) }),
    );
  });
}
