import type { Settled } from '@redquorum/core/backend';

/**
 * One node's part in an operation: a settled call, or not asked because of the restart guard.
 * @category Quorum
 */
export type NodeResult =
  | Settled<number>
  | {
      /** The restart guard kept the node's vote out: it may have forgotten keys it set. */
      readonly kind: 'excluded';
      /** Why, for {@link NodeOutcome.cause}. */
      readonly cause: string;
    };

/** Whether a node's result is a yes: its script replied 1 (or a fence). */
export const isYes = (result: NodeResult): boolean => result.kind === 'value' && result.value > 0;

/** A vote (or cleanup) not asked of an unresponsive node: it counts as that node's timeout. */
export const NOT_ASKED: Settled<number> = Object.freeze({ kind: 'timeout' });
