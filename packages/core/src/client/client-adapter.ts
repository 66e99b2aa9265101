import type { RedisScriptClient } from './script-client.js';

/**
 * What a client's connection reports: `broke` when it closed, failed or started
 * reconnecting (commands sent after may reach another server process than commands sent
 * before), `ready` when it is connected again.
 * @category Clients
 */
export type ConnectionEvent = 'broke' | 'ready';

/**
 * One user client as redquorum uses it, whatever its library: scripts by hash or source in
 * one shape, where a key's calls go, and the connection's events. The adapters are the only
 * code that knows which library a client comes from.
 * @category Clients
 */
export interface ClientAdapter extends RedisScriptClient {
  /** The client as the user passed it: its identity (same client twice), its events. */
  readonly client: object;
  /** The client's library family, for messages and diagnostics. */
  readonly family: 'node-redis' | 'ioredis' | 'custom';
  /** Whether it is a Redis Cluster client, whose multi-key calls need one hash slot. */
  readonly cluster: boolean;
  /**
   * Which server a call routed by `key` reaches, as far as the client knows (a cluster
   * master's address); `''` for a standalone client; undefined when a cluster client does not
   * know yet (its slot table not loaded). Scripts are loaded once per target.
   */
  targetOf(key: string | undefined): string | undefined;
  /**
   * Calls `listener` on every connection event of the client, for as long as the client
   * lives. Clients that report no events never call it.
   */
  onConnection(listener: (event: ConnectionEvent) => void): void;
}
