import type { NodeResult } from './node-result.js';

/**
 * The gathered results: a slot per node, `undefined` where the node had not answered.
 * @category Quorum
 */
export type Gathered = (NodeResult | undefined)[];

/**
 * How a `QuorumTally` counts, and when it stops waiting.
 * @category Quorum
 */
export interface TallyOptions {
  /** How many nodes answer. */
  readonly count: number;
  /** Yes votes that decide. */
  readonly needed: number;
  /** Whether a result is a yes. */
  readonly isYes: (result: NodeResult) => boolean;
  /** Sees every result, late ones included. */
  readonly observe?: (index: number, result: NodeResult) => void;
  /**
   * Whether to stop as soon as too few nodes are left to reach `needed`. A release waits
   * instead: its outcome tells "nobody held it" from "nodes did not answer". @defaultValue `true`
   */
  readonly failFast?: boolean;
}

/**
 * Counts one node's result at a time, fed through `add` (a callback the node batchers call
 * with the node's index: no promise per node call). `done` resolves as soon as `needed` nodes
 * said yes, as soon as too few nodes are left to reach it (unless `failFast` is false), or
 * when every node has answered. Results that come after are observed, not counted.
 *
 * @example
 * ```ts
 * const tally = new QuorumTally({ count: 5, needed: 3, isYes });
 * for (const [index, node] of nodes.entries()) node.extend.send(item, tally.add);
 * const results = await tally.done; // early: once 3 said yes; others undefined if not in yet
 * ```
 */
export class QuorumTally {
  /** The results as they stood when the tally decided. */
  readonly done: Promise<Gathered>;
  readonly #results: Gathered;
  readonly #options: TallyOptions;
  readonly #failFast: boolean;
  #resolve!: (results: Gathered) => void;
  #yes = 0;
  #no = 0;
  #decided = false;

  constructor(options: TallyOptions) {
    this.#results = new Array<NodeResult | undefined>(options.count);
    this.#options = options;
    this.#failFast = options.failFast ?? true;
    this.done = new Promise((resolve) => (this.#resolve = resolve));
  }

  /** Records node `index`'s result (bound: pass it as a callback). */
  readonly add = (result: NodeResult, index: number): void => {
    const { needed, isYes, observe } = this.#options;
    observe?.(index, result);
    if (this.#decided) return;
    this.#results[index] = result;
    if (isYes(result)) this.#yes++;
    else this.#no++;
    const count = this.#results.length;
    const failed = this.#failFast && count - this.#no < needed;
    if (this.#yes >= needed || failed || this.#yes + this.#no === count) {
      this.#decided = true;
      this.#resolve(this.#results);
    }
  };
}
