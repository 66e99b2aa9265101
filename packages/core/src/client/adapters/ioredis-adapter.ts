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
  readonly options?: { readonly host?: unknown; readonly port?: unknown; keyPrefix?: unknown };
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

/** Whether the user turned on ioredis's auto-pipelining. */
function autoPipelining(client: IoredisShape): boolean {
  const options = client.options;
  return (
    typeof options === 'object' &&
    options !== null &&
    'enableAutoPipelining' in options &&
    options.enableAutoPipelining === true
  );
}

function flat(options: ScriptCallOptions): string[] {
  return [...options.keys, ...options.arguments];
}

/** A redirection: the slot moved; the command did not run. */
function isRedirect(error: unknown): boolean {
  return error instanceof Error && /^(MOVED|ASK) /.test(error.message);
}

/**
 * An ioredis 5 or 6 client (`Redis` or `Cluster`) or an iovalkey one. Their traps, handled
 * here: a closed client (`status` `'end'`) fails at once as the caller's error, not the node's;
 * a `Cluster` sends a call without keys (a script load, an identification) to a random node,
 * so such calls go to the master of the routing key's slot, as its slot table says (the slot
 * of the key as ioredis sends it, after the client's `keyPrefix`). A `Cluster` with
 * `enableAutoPipelining` groups commands by the slot of their first argument, for EVALSHA the
 * script's hash: every call of a script would share one pipeline, and one frozen master would
 * hold them all, for every slot; so script calls go to their slot's master directly (back
 * through the cluster on a MOVED or ASK, which it follows and learns from).
 * The offline queue and the re-sending of unanswered commands after a reconnection are met by
 * the events (`close`, `reconnecting`): the restart guard marks the node before either can
 * deliver a vote to a restarted server.
 */
export function ioredisAdapter(client: IoredisShape): ClientAdapter {
  const cluster = client.isCluster === true;
  const closed = (): boolean => client.status === 'end';
  // ioredis prefixes the keys it sends: a key's slot, and so its master, is the prefixed key's.
  const prefix = keyPrefixOf(client);
  const pipelined = cluster && autoPipelining(client);
  const masterOf = (key: string | undefined): string | undefined => {
    if (!cluster) return '';
    if (key === undefined || !Array.isArray(client.slots)) return undefined;
    const nodes: unknown = client.slots[hashSlot(prefix + key)];
    return Array.isArray(nodes) && typeof nodes[0] === 'string' ? nodes[0] : undefined;
  };
  /** The connection of the master `key`'s slot is on, if the cluster has it. */
  const masterNode = (key: string | undefined): MasterNode | undefined => {
    const target = masterOf(key);
    if (target === undefined || target === '' || typeof client.nodes !== 'function') {
      return undefined;
    }
    const masters = client.nodes('master');
    if (!Array.isArray(masters)) return undefined;
    return (masters as MasterNode[]).find(
      (node) => `${String(node.options?.host)}:${String(node.options?.port)}` === target,
    );
  };
  /** Where a call goes: the cluster itself, or a master's connection (see above). */
  const route = (options: ScriptCallOptions): IoredisLikeClient | undefined => {
    if (options.keys.length === 0) return masterNode(options.routingKey);
    if (!pipelined) return undefined;
    const node = masterNode(options.keys[0]);
    // A master's connection must put the same prefix before keys as the cluster would.
    return node !== undefined && keyPrefixOf(node) === prefix ? node : undefined;
  };
  const send = (
    command: 'evalsha' | 'eval',
    body: string,
    options: ScriptCallOptions,
  ): Promise<unknown> => {
    if (closed()) return Promise.reject(closedClientError());
    const args = flat(options);
    const node = route(options);
    if (node === undefined) return client[command](body, options.keys.length, ...args);
    const reply = node[command](body, options.keys.length, ...args);
    if (options.keys.length === 0) return reply;
    return reply.catch((error: unknown) => {
      if (!isRedirect(error)) throw error;
      return client[command](body, options.keys.length, ...args);
    });
  };
  return {
    client,
    family: 'ioredis',
    cluster,
    evalSha: (sha1, options) => send('evalsha', sha1, options),
    eval: (script, options) => send('eval', script, options),
    targetOf: masterOf,
    onConnection: (listener) =>
      watchEmitter(client, cluster ? CLUSTER_EVENTS : STANDALONE_EVENTS, listener),
  };
}
