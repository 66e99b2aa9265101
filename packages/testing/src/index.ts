/**
 * Real Redis nodes for tests: start them, break them on purpose, and check that locks held.
 *
 * @packageDocumentation
 */
export { startRedisServer } from './start-redis-server.js';
export { RedisServer } from './redis-server.js';
export { RedisServerStartError } from './redis-server-start-error.js';
export type { NodeState, RestartOptions } from './node-state.js';
export { startRedisNodes, RedisNodes } from './redis-nodes.js';
export type { RedisNode } from './redis-node.js';
export { RedisContainer } from './container-server.js';
export { NoRedisBackendError } from './container-runtime.js';
export type { RedisNodesOptions } from './redis-nodes.js';
export { buildClockShim, ClockShimBuildError } from './clock-shim.js';
export type { ConnectOptions } from './connect-client.js';
export type { RedisServerOptions, Persistence } from './server-options.js';
export { findRedisServer, RedisServerNotFoundError } from './redis-server-binary.js';
export { LockHistory } from './lock-history.js';
export type { LockHistoryOptions } from './lock-history.js';
export { PermitHistory } from './permit-history.js';
export type { PermitHistoryOptions } from './permit-history.js';
export type { OverAdmission, PermitPeak, PermitReport } from './permit-report.js';
export type { Hold, TrackableLock } from './hold.js';
export type {
  Overlap,
  Overrun,
  FenceRegression,
  Findings,
  HistoryReport,
} from './history-report.js';
export type { LatencyOptions } from './fault-proxy.js';
export { startRedisCluster } from './start-redis-cluster.js';
export { RedisCluster } from './redis-cluster.js';
export type { RedisClusterOptions } from './start-redis-cluster.js';
export type { NodeAddress } from './cluster-address-map.js';
export { waitFor } from './wait-for.js';
export { seededRandom, pickDistinct } from './seeded-random.js';
