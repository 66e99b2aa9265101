import type { ClientAdapter, ConnectionEvent } from '@redquorum/core/backend';
import type { RestartGuard } from './restart-guard.js';

interface Subscriber {
  /** Weak: a Redlock that is no longer used must not be kept alive by its clients. */
  readonly guard: WeakRef<RestartGuard>;
  readonly index: number;
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
 * both node-redis and ioredis (default options) queue the commands sent while it is down, to
 * send them to whichever server answers the reconnection (ioredis even re-sends the commands
 * left unanswered by the break): a vote so delivered could run on a node that restarted empty.
 * Marking the node suspect on the break itself (each library's names for it, see the client
 * adapters), before any such command is queued, puts an identification ahead of the next vote
 * on that same connection, and a reply to a vote sent before the break does not count
 * (`RestartGuard.brokeSince`). `ready` comes too late for that (the queue is flushed before
 * it), and only asks for a new identification. One listener per event and client serves every
 * `Redlock` built on it (so many of them raise no MaxListeners warning), and holds their guards
 * weakly (so none leaks).
 */
export function watchReconnections(clients: readonly ClientAdapter[], guard: RestartGuard): void {
  const ref = new WeakRef(guard);
  clients.forEach((adapter, index) => {
    let subscribers = watched.get(adapter.client);
    if (subscribers === undefined) {
      const list = new Set<Subscriber>();
      subscribers = list;
      watched.set(adapter.client, list);
      adapter.onConnection((event) => tell(list, event));
    }
    if (subscribers.size >= SWEEP_AT) {
      for (const subscriber of subscribers) {
        if (subscriber.guard.deref() === undefined) subscribers.delete(subscriber);
      }
    }
    subscribers.add({ guard: ref, index });
  });
}

/** Tells every live subscriber of a client what its connection did. */
function tell(list: Set<Subscriber>, event: ConnectionEvent): void {
  for (const subscriber of list) {
    const guard = subscriber.guard.deref();
    if (guard === undefined) list.delete(subscriber);
    else if (event === 'broke') guard.connectionBroke(subscriber.index);
    else guard.suspect(subscriber.index);
  }
}
