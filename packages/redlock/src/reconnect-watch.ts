import type { RedisScriptClient } from '@redquorum/core';
import type { RestartGuard } from './restart-guard.js';

interface Subscriber {
  /** Weak: a Redlock that is no longer used must not be kept alive by its clients. */
  readonly guard: WeakRef<RestartGuard>;
  readonly index: number;
}

interface Emitter {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  listenerCount?(event: string): number;
}

/** Whether a client reports its connection's events (node-redis and ioredis clients do). */
function isEmitter(client: object): client is Emitter {
  return 'on' in client && typeof client.on === 'function';
}

/** Sweep dead subscribers when a client has more than this many. */
const SWEEP_AT = 64;

/**
 * Every client's subscribers, behind one listener per event and client. Module state on
 * purpose, the one such map in the library: it must span every `Redlock` built on a client,
 * which no instance can hold. Weak both ways (clients as keys, guards by `WeakRef`), filled
 * only by a constructor, and it starts nothing when imported.
 */
const watched = new WeakMap<object, Set<Subscriber>>();

/**
 * Tells the guard whenever a client's connection breaks. A restart always breaks it, and
 * node-redis (v4, default options) queues the commands sent while it is down, to send them to
 * whichever server answers the reconnection: a vote queued so could run on a node that restarted
 * empty. Marking the node suspect on the break itself (`error`, `end`, `reconnecting`), before
 * any such command is queued, puts an identification ahead of the next vote on that same
 * connection. `ready` comes too late for that (node-redis flushes the queue before it), and only
 * asks for a new identification. One listener per event and client serves every `Redlock` built
 * on it (so many of them raise no MaxListeners warning), and holds their guards weakly (so none
 * leaks).
 */
export function watchReconnections(
  clients: readonly RedisScriptClient[],
  guard: RestartGuard,
): void {
  const ref = new WeakRef(guard);
  clients.forEach((client, index) => {
    if (!isEmitter(client)) return;
    let subscribers = watched.get(client);
    if (subscribers === undefined) {
      subscribers = new Set<Subscriber>();
      watched.set(client, subscribers);
      listen(client, subscribers);
    }
    if (subscribers.size >= SWEEP_AT) {
      for (const subscriber of subscribers) {
        if (subscriber.guard.deref() === undefined) subscribers.delete(subscriber);
      }
    }
    subscribers.add({ guard: ref, index });
  });
}

function listen(emitter: Emitter, list: Set<Subscriber>): void {
  const tell = (visit: (guard: RestartGuard, index: number) => void): void => {
    for (const subscriber of list) {
      const target = subscriber.guard.deref();
      if (target === undefined) list.delete(subscriber);
      else visit(target, subscriber.index);
    }
  };
  const broke = (): void => tell((guard, index) => guard.connectionBroke(index));
  emitter.on('ready', () => tell((guard, index) => guard.suspect(index)));
  emitter.on('end', broke);
  emitter.on('reconnecting', broke);
  emitter.on('error', (error: unknown) => {
    broke();
    // Watching must not swallow errors: an EventEmitter throws an `error` nobody listens to
    // (node-redis asks its users for a listener), and a client without one of its own still
    // does.
    if (emitter.listenerCount?.('error') === 1) throw error;
  });
}
