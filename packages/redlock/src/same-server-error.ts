import type { SameServer } from './restart-guard.js';

/**
 * Two of a `Redlock`'s clients reach the same Redis server (both report one `run_id`), so that
 * server has two votes and a "majority" may be fewer than half of the servers. A
 * misconfiguration, like passing one client twice, but one only the servers can reveal: found
 * when the restart guard identifies the nodes, it makes every acquisition reject.
 *
 * @example
 * ```ts
 * try {
 *   await redlock.acquire('orders:42');
 * } catch (error) {
 *   if (error instanceof SameServerError) console.error(error.nodes); // e.g. [0, 2]: fix the list
 *   throw error;
 * }
 * ```
 * @category Restart guard
 */
export class SameServerError extends TypeError {
  /** Always `'SameServerError'`. */
  override readonly name = 'SameServerError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_REDLOCK_SAME_SERVER';
  /** The two node indexes, the lower first. */
  readonly nodes: readonly [number, number];
  /** The `run_id` both nodes reported. */
  readonly runId: string;

  constructor(same: SameServer) {
    const [first, second] = same.nodes;
    super(
      `nodes ${first} and ${second} are the same Redis server (run_id ${same.runId}): ` +
        'each node must be an independent server',
    );
    this.nodes = same.nodes;
    this.runId = same.runId;
  }
}
