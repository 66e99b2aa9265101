/**
 * How the restart guard treats nodes. `'off'` never identifies nodes: neither a restart nor two
 * clients of one server (see {@link RestartGuard.sameServer}) is noticed.
 * @category Restart guard
 */
export type RestartGuardMode = 'off' | 'on' | 'strict';

/**
 * Two node indexes whose clients reached the same Redis server.
 * @category Restart guard
 */
export interface SameServer {
  /** The two indexes, the lower first. */
  readonly nodes: readonly [number, number];
  /** The server's `run_id`, which both reported. */
  readonly runId: string;
}

interface NodeState {
  runId: string | undefined;
  /** The node must be identified before its next vote counts. */
  suspect: boolean;
  /** Monotonic time of the last identification. */
  verifiedAt: number;
  /** Monotonic time before which the node's votes do not count. */
  excludedUntil: number;
  /** The guard's break count right after the node's connection last broke (0: never). */
  brokeAt: number;
}

/**
 * The distlock page's "delayed restart" rule, enforced by the client: a node whose `run_id`
 * changed since this client last saw it restarted, possibly without the keys it had promised;
 * its votes do not count until `maxTtlMs` has passed since that restart, by which time every
 * lock it forgot has expired anyway. In `strict` mode a node met for the first time with an
 * uptime below `maxTtlMs` is distrusted the same way (cold start: a freshly started cluster
 * locks nothing for `maxTtlMs`).
 *
 * A node is re-identified after any error or timeout on it, when its connection breaks or its
 * client reconnects, and at least every `recheckMs`; a restart always breaks the connection,
 * so it is noticed. Identification also finds two nodes that are one server (`sameServer`).
 *
 * @example
 * ```ts
 * const guard = new RestartGuard(5, 'on', 60_000, 1_000);
 * guard.identified(0, 'run-a', 3_600_000, performance.now()); // true: first seen, up for 1 h
 * guard.identified(0, 'run-b', 2_000, performance.now()); // false: restarted, up for 2 s
 * guard.excludedUntil(0); // about a minute from now: node 0 votes again then
 * ```
 * @category Restart guard
 */
export class RestartGuard {
  readonly #nodes: NodeState[];
  readonly #mode: RestartGuardMode;
  readonly #maxTtlMs: number;
  readonly #recheckMs: number;
  #breaks = 0;
  #sameServer: SameServer | undefined;

  constructor(nodeCount: number, mode: RestartGuardMode, maxTtlMs: number, recheckMs: number) {
    this.#mode = mode;
    this.#maxTtlMs = maxTtlMs;
    this.#recheckMs = recheckMs;
    this.#nodes = Array.from({ length: nodeCount }, () => ({
      runId: undefined,
      suspect: true,
      verifiedAt: -Infinity,
      excludedUntil: -Infinity,
      brokeAt: 0,
    }));
  }

  /** Whether the guard is on at all. */
  get enabled(): boolean {
    return this.#mode !== 'off';
  }

  /** Monotonic time until which node `index` does not vote (−Infinity when it does). */
  excludedUntil(index: number): number {
    return this.#nodes[index]!.excludedUntil;
  }

  /** Whether node `index` must be identified before its vote counts. */
  needsIdentify(index: number, now: number): boolean {
    const node = this.#nodes[index]!;
    return this.enabled && (node.suspect || now - node.verifiedAt >= this.#recheckMs);
  }

  /** Marks a node for identification (an error, a timeout, a reconnection). */
  suspect(index: number): void {
    this.#nodes[index]!.suspect = true;
  }

  /** Whether node `index` has been identified at least once. */
  knows(index: number): boolean {
    return this.#nodes[index]!.runId !== undefined;
  }

  /**
   * How many connection breaks were reported, on all nodes: read when an operation starts,
   * then ask {@link RestartGuard.brokeSince}.
   */
  get breaks(): number {
    return this.#breaks;
  }

  /**
   * The node's connection broke, or may have (its client reported an error, an end, a
   * reconnection). Commands sent before and after a break may reach two different server
   * processes: the node must be identified again, and a reply of before cannot vouch for one
   * of after.
   */
  connectionBroke(index: number): void {
    const node = this.#nodes[index]!;
    node.suspect = true;
    node.brokeAt = ++this.#breaks;
  }

  /** Whether node `index`'s connection broke since {@link RestartGuard.breaks} read `breaks`. */
  brokeSince(index: number, breaks: number): boolean {
    return this.#nodes[index]!.brokeAt > breaks;
  }

  /**
   * The first two nodes found to be one Redis server (the same `run_id`), if any: a
   * misconfiguration that gives that server two votes, which no later identification undoes.
   */
  get sameServer(): SameServer | undefined {
    return this.#sameServer;
  }

  /**
   * Records what a node said about itself.
   * @returns Whether its vote counts now.
   */
  identified(index: number, runId: string, uptimeMs: number, now: number): boolean {
    const node = this.#nodes[index]!;
    // Redis counts uptime_in_seconds between whole-second stamps, so it may read up to a
    // second more than the real uptime: assume the latest restart it allows.
    const sinceRestartMs = Math.max(0, uptimeMs - 1000);
    const restartedAt = now - sinceRestartMs;
    const restarted = node.runId !== undefined && node.runId !== runId;
    const coldStart = node.runId === undefined && this.#mode === 'strict';
    if ((restarted || coldStart) && sinceRestartMs < this.#maxTtlMs) {
      node.excludedUntil = Math.max(node.excludedUntil, restartedAt + this.#maxTtlMs);
    }
    node.runId = runId;
    this.#sameServer ??= this.#findTwin(index, runId);
    node.suspect = false;
    node.verifiedAt = now;
    return node.excludedUntil <= now;
  }

  #findTwin(index: number, runId: string): SameServer | undefined {
    const twin = this.#nodes.findIndex((node, other) => other !== index && node.runId === runId);
    if (twin === -1) return undefined;
    return { nodes: twin < index ? [twin, index] : [index, twin], runId };
  }
}
