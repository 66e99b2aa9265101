import type { NodeResult } from './gather-quorum.js';

/** The gathered results: a slot per node, `undefined` where the node had not answered. */
export type Gathered = (NodeResult | undefined)[];

/**
 * The count behind `gatherQuorum`, fed one node's result at a time through `add` (a callback
 * the node batchers call with the node's index: no promise per node call). `done` resolves as
 * soon as `needed` nodes said yes, as soon as too few nodes are left to reach it (unless
 * `failFast` is false), or when every node has answered. `observe` sees every result, late
 * ones included.
 * @internal
 */
export class QuorumTally {
  readonly done: Promise<Gathered>;
  readonly #results: Gathered;
  readonly #needed: number;
  readonly #isYes: (result: NodeResult) => boolean;
  readonly #observe: ((index: number, result: NodeResult) => void) | undefined;
  readonly #failFast: boolean;
  #resolve!: (results: Gathered) => void;
  #yes = 0;
  #no = 0;
  #decided = false;

  constructor(
    count: number,
    needed: number,
    isYes: (result: NodeResult) => boolean,
    observe?: (index: number, result: NodeResult) => void,
    failFast = true,
  ) {
    this.#results = new Array<NodeResult | undefined>(count);
    this.#needed = needed;
    this.#isYes = isYes;
    this.#observe = observe;
    this.#failFast = failFast;
    this.done = new Promise((resolve) => (this.#resolve = resolve));
  }

  /** Records node `index`'s result (bound: pass it as a callback). */
  readonly add = (result: NodeResult, index: number): void => {
    this.#observe?.(index, result);
    if (this.#decided) return;
    this.#results[index] = result;
    if (this.#isYes(result)) this.#yes++;
    else this.#no++;
    const count = this.#results.length;
    const failed = this.#failFast && count - this.#no < this.#needed;
    if (this.#yes >= this.#needed || failed || this.#yes + this.#no === count) {
      this.#decided = true;
      this.#resolve(this.#results);
    }
  };
}
