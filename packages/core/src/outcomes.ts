/**
 * What one node answered in the last attempt of an operation.
 * @category Errors
 */
export interface NodeOutcome {
  /** Index of the node in the list the manager was built with (0 for a single node). */
  readonly node: number;
  /**
   * `ok`: the node did what was asked; `taken`: another token holds a key there;
   * `not-held`: this token holds no key there; `error`: the command failed (see `cause`);
   * `timeout`: no reply within `nodeTimeoutMs`; `pending`: no reply yet when a quorum had
   * decided; `excluded`: the node's vote did not count (restart guard).
   */
  readonly outcome: 'ok' | 'taken' | 'not-held' | 'error' | 'timeout' | 'pending' | 'excluded';
  /** The error behind `error`, or why a node was excluded. */
  readonly cause?: unknown;
}

/**
 * Why an acquisition failed.
 * @category Errors
 */
export type AcquireFailureReason =
  /** Another holder has the resource (on a majority of nodes, for Redlock). */
  | 'taken'
  /** Too few nodes answered to reach a quorum. */
  | 'unreachable'
  /** A quorum said yes, but the time spent left no validity. */
  | 'validity'
  /** `acquireTimeoutMs` passed before an attempt succeeded. */
  | 'timeout';
