/**
 * Whether a node is answering, from its own calls: a node with a call past its timeout and
 * still unanswered (frozen, hung, partitioned) gets no new commands, which would only pile up
 * in its connection's queue (memory, GC pauses, a flood of timers) and then count as timeouts
 * anyway. They count as timeouts at once instead; one call per timeout period still goes
 * through as a probe. The node is healthy again as soon as every overdue call has settled.
 * Fed by the node's `CallDeadlines` (`onTimeout`, `onLate`); read by its batchers.
 *
 * @example
 * ```ts
 * const health = new NodeHealth(200);
 * const deadlines = new CallDeadlines({
 *   timeoutMs: 200,
 *   onTimeout: () => health.timedOut(),
 *   onLate: () => health.answered(),
 * });
 * if (health.admit()) void deadlines.watch(runScript(client, call));
 * // else: count the node as a timeout without sending
 * ```
 * @category Per-node transport
 */
export class NodeHealth {
  readonly #timeoutMs: number;
  readonly #now: () => number;
  #overdue = 0;
  #probeAt = 0;
  #onRecover: (() => void) | undefined;

  /**
   * @param timeoutMs - The node's call timeout, also the interval between probes.
   * @param now - Monotonic time in ms; `performance.now` unless a test injects a clock.
   */
  constructor(timeoutMs: number, now: () => number = () => performance.now()) {
    this.#timeoutMs = timeoutMs;
    this.#now = now;
  }

  /** Whether some call to the node is past its timeout and still unanswered. */
  get unresponsive(): boolean {
    return this.#overdue > 0;
  }

  /** Runs `listener` each time the node answers again after being unresponsive. */
  onRecover(listener: () => void): void {
    this.#onRecover = listener;
  }

  /** Whether to send a call now: yes when healthy, and once per timeout period as a probe. */
  admit(): boolean {
    if (this.#overdue === 0) return true;
    const now = this.#now();
    if (now < this.#probeAt) return false;
    this.#probeAt = now + this.#timeoutMs;
    return true;
  }

  /** A call passed its timeout unanswered. */
  timedOut(): void {
    if (this.#overdue++ === 0) this.#probeAt = this.#now() + this.#timeoutMs;
  }

  /** A call that had timed out settled after all (a late reply or error). */
  answered(): void {
    if (this.#overdue === 0) return;
    if (--this.#overdue === 0) this.#onRecover?.();
  }
}
