/** Acquisitions remembered at once; beyond, the oldest is forgotten. */
const MAX_REMEMBERED = 10_000;

/**
 * Which nodes the latest attempt of each acquisition did not ask (an unresponsive node, one
 * inside its restart-guard window), so that the release cleaning up after a failed attempt
 * goes only where the attempt went: to a frozen node, it would only queue behind commands that
 * node has not answered, for an attempt it never saw. Kept by token, and only for attempts that
 * skipped a node: the common attempt, which asks every node, costs a size check. A forgotten
 * entry (taken, or the oldest beyond `MAX_REMEMBERED`) only means a cleanup goes to every node.
 * @internal
 *
 * @example
 * ```ts
 * const unasked = new UnaskedNodes();
 * unasked.attempted(token, [false, false, true]); // node 2 was not asked
 * unasked.take(token); // [false, false, true]: clean up on nodes 0 and 1 only
 * unasked.take(token); // undefined: every node
 * ```
 */
export class UnaskedNodes {
  readonly #byToken = new Map<string, readonly boolean[]>();

  /** Records an attempt: `unasked[i]` when node i was not asked; undefined when all were. */
  attempted(token: string, unasked: readonly boolean[] | undefined): void {
    const byToken = this.#byToken;
    if (byToken.size !== 0) byToken.delete(token);
    if (unasked === undefined) return;
    byToken.set(token, unasked);
    if (byToken.size > MAX_REMEMBERED) byToken.delete(byToken.keys().next().value!);
  }

  /** The nodes the acquisition's latest attempt did not ask, forgotten from now on. */
  take(token: string): readonly boolean[] | undefined {
    const byToken = this.#byToken;
    if (byToken.size === 0) return undefined;
    const unasked = byToken.get(token);
    if (unasked !== undefined) byToken.delete(token);
    return unasked;
  }
}
