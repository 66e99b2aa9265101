import type { RedisScriptClient } from '@redquorum/core';
import type { RestartGuard } from './restart-guard.js';

interface Subscriber {
  /** Weak: a Redlock that is no longer used must not be kept alive by its clients. */
  readonly guard: WeakRef<RestartGuard>;
  readonly index: number;
}

/** Sweep dead subscribers when a client has more than this many. */
const SWEEP_AT = 64;

/** Every client's subscribers, behind one `ready` listener per client. */
const watched = new WeakMap<object, Set<Subscriber>>();

/**
 * A restart always breaks the connection; node-redis emits `ready` when it reconnects, and the
 * node is identified again before its next vote counts. One listener per client serves every
 * `Redlock` built on it (so many of them raise no MaxListeners warning), and holds their guards
 * weakly (so none leaks).
 */
export function watchReconnections(
  clients: readonly RedisScriptClient[],
  guard: RestartGuard,
): void {
  const ref = new WeakRef(guard);
  clients.forEach((client, index) => {
    const emitter = client as { on?: unknown };
    if (typeof emitter.on !== 'function') return;
    let subscribers = watched.get(client);
    if (subscribers === undefined) {
      const list = new Set<Subscriber>();
      subscribers = list;
      watched.set(client, list);
      (emitter.on as (event: string, listener: () => void) => void).call(client, 'ready', () => {
        for (const subscriber of list) {
          const target = subscriber.guard.deref();
          if (target === undefined) list.delete(subscriber);
          else target.suspect(subscriber.index);
        }
      });
    }
    if (subscribers.size >= SWEEP_AT) {
      for (const subscriber of subscribers) {
        if (subscriber.guard.deref() === undefined) subscribers.delete(subscriber);
      }
    }
    subscribers.add({ guard: ref, index });
  });
}
