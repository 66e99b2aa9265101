import type { ClientAdapter } from '../client-adapter.js';
import { closedClientError } from '../client-side-error.js';
import { hashSlot } from '../hash-slot.js';
import type { IoredisLikeClient } from '../redis-client.js';
import type { ScriptCallOptions } from '../script-client.js';
import { watchEmitter } from './emitter-events.js';

/** What redquorum reads of an ioredis `Redis` or `Cluster` besides its script commands. */
interface IoredisShape extends IoredisLikeClient {
  /** `'end'` once `quit()` or `disconnect()` closed it for good. */
  readonly status?: unknown;
  readonly isCluster?: unknown;
  /** A cluster's slot table: per slot, its nodes as `host:port`, the master first. */
  readonly slots?: unknown;
  nodes?(role: 'master'): unknown;
  /** The client's options: a `keyPrefix` (a `Cluster`'s under `redisOptions`) prefixes KEYS. */
  readonly options?: unknown;
}

interface MasterNode extends IoredisLikeClient {
  readonly options?: { readonly host?: unknown; readonly port?: unknown };
}

const STANDALONE_EVENTS = {
  broke: ['error', 'close', 'reconnecting', 'end'],
  ready: ['ready'],
  unhandledError: 'ignore',
} as const;
/** A cluster's node set changing may move a slot to another server process. */
const CLUSTER_EVENTS = {
  ...STANDALONE_EVENTS,
  broke: [...STANDALONE_EVENTS.broke, 'node error', '+node', '-node'],
} as const;

/** The `keyPrefix` ioredis puts before every key it sends, if the user set one. */
function keyPrefixOf(client: IoredisShape): string {
  const options = client.options;
  if (typeof options !== 'object' || options === null) return '';
  if ('keyPrefix' in options && typeof options.keyPrefix === 'string') return options.keyPrefix;
  if ('redisOptions' in options) return keyPrefixOf({ ...client, options: options.redisOptions });
  return '';
}

function flat(options: ScriptCallOptions): string[] {
  return [...options.keys, ...options.arguments];
}

/**
 * An ioredis 5 or 6 client (`Redis` or `Cluster`) or an iovalkey one. Their traps, handled
 * here: a closed client (`status` `'end'`) fails at once as the caller's error, not the node's;
 * a `Cluster` sends a call without keys (a script load, an identification) to a random node,
 * so such calls go to the master of the routing key's slot, as its slot table says (the slot
 * of the key as ioredis sends it, after the client's `keyPrefix`).
 * The offline queue and the re-sending of unanswered commands after a reconnection are met by
 * the events (`close`, `reconnecting`): the restart guard marks the node before either can
 * deliver a vote to a restarted server.
 */
export function ioredisAdapter(client: IoredisShape): ClientAdapter {
  const cluster = client.isCluster === true;
  const closed = (): boolean => client.status === 'end';
  // ioredis prefixes the keys it sends: a key's slot, and so its master, is the prefixed key's.
  const prefix = keyPrefixOf(client);
  const masterOf = (key: string | undefined): string => {
    if (!cluster || key === undefined || !Array.isArray(client.slots)) return '';
    const nodes: unknown = client.slots[hashSlot(prefix + key)];
    return Array.isArray(nodes) && typeof nodes[0] === 'string' ? nodes[0] : '';
  };
  /** The master of the routing key's slot, for a call without keys (none: the client picks). */
  const keyless = (options: ScriptCallOptions): IoredisLikeClient => {
    const target = options.keys.length === 0 ? masterOf(options.routingKey) : '';
    if (target === '' || typeof client.nodes !== 'function') return client;
    const masters = client.nodes('master');
    if (!Array.isArray(masters)) return client;
    const found = (masters as MasterNode[]).find(
      (node) => `${String(node.options?.host)}:${String(node.options?.port)}` === target,
    );
    return found ?? client;
  };
  return {
    client,
    family: 'ioredis',
    cluster,
    evalSha: (sha1, options) => {
      if (closed()) return Promise.reject(closedClientError());
      return keyless(options).evalsha(sha1, options.keys.length, ...flat(options));
    },
    eval: (script, options) => {
      if (closed()) return Promise.reject(closedClientError());
      return keyless(options).eval(script, options.keys.length, ...flat(options));
    },
    targetOf: masterOf,
    onConnection: (listener) =>
      watchEmitter(client, cluster ? CLUSTER_EVENTS : STANDALONE_EVENTS, listener),
  };
}
