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

function flat(options: ScriptCallOptions): string[] {
  return [...options.keys, ...options.arguments];
}

/**
 * An ioredis 5 or 6 client (`Redis` or `Cluster`) or an iovalkey one. Their traps, handled
 * here: a closed client (`status` `'end'`) fails at once as the caller's error, not the node's;
 * a `Cluster` sends a call without keys (a script load) to a random node, so loads go to the
 * master of the routing key's slot, or to every master when the slot table does not say.
 * The offline queue and the re-sending of unanswered commands after a reconnection are met by
 * the events (`close`, `reconnecting`): the restart guard marks the node before either can
 * deliver a vote to a restarted server.
 */
export function ioredisAdapter(client: IoredisShape): ClientAdapter {
  const cluster = client.isCluster === true;
  const closed = (): boolean => client.status === 'end';
  const masterOf = (key: string | undefined): string => {
    if (!cluster || key === undefined || !Array.isArray(client.slots)) return '';
    const nodes: unknown = client.slots[hashSlot(key)];
    return Array.isArray(nodes) && typeof nodes[0] === 'string' ? nodes[0] : '';
  };
  const load = (script: string, routingKey: string | undefined): Promise<unknown> => {
    const masters = typeof client.nodes === 'function' ? client.nodes('master') : [];
    if (!Array.isArray(masters) || masters.length === 0) return client.eval(script, 0);
    const target = masterOf(routingKey);
    const all = masters as MasterNode[];
    const chosen = all.filter(
      (node) => `${String(node.options?.host)}:${String(node.options?.port)}` === target,
    );
    return Promise.all((chosen.length > 0 ? chosen : all).map((node) => node.eval(script, 0)));
  };
  return {
    client,
    family: 'ioredis',
    cluster,
    evalSha: (sha1, options) => {
      if (closed()) return Promise.reject(closedClientError());
      return client.evalsha(sha1, options.keys.length, ...flat(options));
    },
    eval: (script, options) => {
      if (closed()) return Promise.reject(closedClientError());
      if (cluster && options.keys.length === 0) return load(script, options.routingKey);
      return client.eval(script, options.keys.length, ...flat(options));
    },
    targetOf: masterOf,
    onConnection: (listener) =>
      watchEmitter(client, cluster ? CLUSTER_EVENTS : STANDALONE_EVENTS, listener),
  };
}
