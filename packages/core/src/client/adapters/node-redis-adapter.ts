import type { ClientAdapter } from '../client-adapter.js';
import { hashSlot } from '../hash-slot.js';
import { routeScripts } from '../route-scripts.js';
import { isClusterClient, type RedisScriptClient } from '../script-client.js';
import { watchEmitter } from './emitter-events.js';

/** node-redis's connection events (v4, v5 and v6 alike). */
const NODE_REDIS_EVENTS = {
  broke: ['error', 'end', 'reconnecting'],
  ready: ['ready'],
  unhandledError: 'throw',
} as const;

interface SlotMasters {
  getSlotMaster(slot: number): unknown;
}

/** A cluster master's address as node-redis describes it (`address`, or `host` and `port`). */
function addressOf(master: unknown): string {
  if (typeof master !== 'object' || master === null) return '';
  if ('address' in master && typeof master.address === 'string') return master.address;
  if ('host' in master && 'port' in master) return `${String(master.host)}:${String(master.port)}`;
  return '';
}

/**
 * A node-redis v4, v5 or v6 client or cluster, RESP2 or RESP3 (their script replies are the
 * same), or any {@link RedisScriptClient} of the user's. node-redis clusters get their scripts
 * routed to the slot's master (`routeScripts`); standalone clients are called as they are.
 */
export function nodeRedisAdapter(client: RedisScriptClient): ClientAdapter {
  const cluster = isClusterClient(client);
  const routed = routeScripts(client);
  const family = cluster || 'isOpen' in client ? 'node-redis' : 'custom';
  return {
    client,
    family,
    cluster,
    evalSha: (sha1, options) => routed.evalSha(sha1, options),
    eval: (script, options) => routed.eval(script, options),
    targetOf: (key) => {
      if (!cluster) return '';
      if (key === undefined) return undefined;
      try {
        const master = (client as RedisScriptClient & SlotMasters).getSlotMaster(hashSlot(key));
        return addressOf(master) || undefined;
      } catch {
        return undefined; // slots not known yet
      }
    },
    onConnection: (listener) => watchEmitter(client, NODE_REDIS_EVENTS, listener),
  };
}
