import type { Clock, RedisScriptClient } from '@redquorum/core';
import {
  NodeBatchers,
  quorum,
  withScriptLoading,
  type ClientAdapter,
} from '@redquorum/core/backend';
import { REDLOCK_SCRIPTS } from './redlock-scripts.js';
import type { RestartGuard } from './restart-guard.js';

/**
 * The nodes of one `Redlock` and what watches them, shared by its quorum backend, the restart
 * guard's votes and the fence write-back.
 */
export interface QuorumNodes {
  /** Each node's client, its scripts routed and kept loaded. */
  readonly clients: readonly RedisScriptClient[];
  /** Each node's batched calls, deadlines and health, by index. */
  readonly nodes: readonly NodeBatchers[];
  readonly guard: RestartGuard;
  readonly clock: Clock;
  /** Votes that decide: floor(N/2) + 1. */
  readonly quorum: number;
}

/** What a {@link QuorumBackend} runs on, besides its clients. */
export interface QuorumBackendOptions {
  /** Bound on each node's reply to each call. */
  readonly nodeTimeoutMs: number;
  readonly guard: RestartGuard;
  readonly clock: Clock;
}

/**
 * Wraps each client for Redlock (cluster routing, every script kept loaded) and gives each
 * node its batchers, bounded by `nodeTimeoutMs` on the backend's clock. Cluster clients are
 * never batched (many slots).
 */
export function quorumNodes(
  clients: readonly ClientAdapter[],
  options: QuorumBackendOptions,
): QuorumNodes {
  const { nodeTimeoutMs, guard, clock } = options;
  const loaded = clients.map((client) => withScriptLoading(client, REDLOCK_SCRIPTS));
  const nodes = loaded.map(
    (client, index) =>
      new NodeBatchers(client, {
        timeoutMs: nodeTimeoutMs,
        batchable: !clients[index]!.cluster,
        node: index,
        now: () => clock.now(),
      }),
  );
  return { clients: loaded, nodes, guard, clock, quorum: quorum(clients.length) };
}
