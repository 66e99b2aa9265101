/**
 * What a node is doing now.
 * @category Nodes and faults
 */
export type NodeState = 'running' | 'paused' | 'stopped' | 'disposed';

/**
 * Options of {@link RedisNode.restart}.
 * @category Nodes and faults
 */
export interface RestartOptions {
  /**
   * Keep the data directory. With `persistence: 'none'` nothing was written there, so the node
   * comes back empty either way. A cluster node's `nodes.conf` lives there too: without it the
   * node comes back as a new, empty node that knows no cluster (see {@link startRedisCluster}).
   * @defaultValue `true`
   */
  readonly keepData?: boolean;
}

/**
 * `options.keepData` with its default, validated before the restart is queued.
 * @throws TypeError when it is not a boolean.
 * @internal
 */
export function resolveKeepData(options: RestartOptions): boolean {
  const { keepData = true } = options;
  if (typeof keepData !== 'boolean') throw new TypeError('options.keepData must be a boolean');
  return keepData;
}
