import type { ConnectionEvent } from '../client-adapter.js';

interface Emitter {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  listenerCount?(event: string): number;
}

/** Whether a client reports its connection's events (node-redis and ioredis clients do). */
function isEmitter(client: object): client is Emitter {
  return 'on' in client && typeof client.on === 'function';
}

/** A client library's names for the events of a {@link ConnectionEvent}. */
export interface EventNames {
  readonly broke: readonly string[];
  readonly ready: readonly string[];
  /**
   * What the library does with an `error` nobody listens to, which watching must keep:
   * node-redis's EventEmitter throws it, ioredis only logs it (and, once watched, not even
   * that: it sees a listener).
   */
  readonly unhandledError: 'throw' | 'ignore';
}

/**
 * Subscribes `listener` to an EventEmitter client's connection events, named per library.
 * Watching must not swallow errors where the library would throw them: a node-redis client
 * without an `error` listener of its own still throws.
 */
export function watchEmitter(
  client: object,
  names: EventNames,
  listener: (event: ConnectionEvent) => void,
): void {
  if (!isEmitter(client)) return;
  for (const name of names.ready) client.on(name, () => listener('ready'));
  for (const name of names.broke) {
    if (name !== 'error') {
      client.on(name, () => listener('broke'));
      continue;
    }
    client.on('error', (error: unknown) => {
      listener('broke');
      if (names.unhandledError === 'throw' && client.listenerCount?.('error') === 1) throw error;
    });
  }
}
