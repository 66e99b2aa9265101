import type { TrackedCall } from '../client/call-deadlines.js';
import { resendAfterNoScript } from '../client/run-script.js';
import type { ScriptCall } from '../client/script-call.js';
import type { RedisScriptClient } from '../client/script-client.js';
import type { Settled } from '../client/settle-within.js';
import { parseIntegerReply } from '../scripts/parse-integer-reply.js';
import { itemOutcome, parseBatchReply, type BatchReply } from './batch-reply.js';
import type { SettleNode } from './batch-kind.js';

/**
 * The node a call goes to: its client, and its index among the backend's nodes.
 * @category Per-node transport
 */
export interface NodeLink {
  /** The node's client. */
  readonly client: RedisScriptClient;
  /** The node's index, which every settlement of its calls carries. */
  readonly node: number;
}

/**
 * One lock's call to a node, under the node's deadlines: its integer reply, read here,
 * settles its caller with the node's index. One object per call, and no closures.
 */
export class SingleCall implements TrackedCall<unknown, number> {
  readonly #link: NodeLink;
  readonly #call: ScriptCall;
  readonly #settle: SettleNode;

  constructor(link: NodeLink, call: ScriptCall, settle: SettleNode) {
    this.#link = link;
    this.#call = call;
    this.#settle = settle;
  }

  settle(settled: Settled<number>): void {
    this.#settle(settled, this.#link.node);
  }

  parse(raw: unknown): number {
    return parseIntegerReply(this.#call.script.name, raw);
  }

  recover(error: unknown): Promise<unknown> | undefined {
    return resendAfterNoScript(this.#link.client, this.#call, error);
  }
}

/** A batch's items: each one's caller, in the order of the batch script's reply. */
export interface BatchItem {
  readonly settle: SettleNode;
}

/**
 * A batch of locks in one call to a node: its reply holds one entry per lock, and each
 * lock's caller is settled with its own entry, or with the whole call's error or timeout.
 */
export class BatchCall implements TrackedCall<unknown, BatchReply> {
  readonly #link: NodeLink;
  readonly #call: ScriptCall;
  readonly #items: readonly BatchItem[];

  constructor(link: NodeLink, call: ScriptCall, items: readonly BatchItem[]) {
    this.#link = link;
    this.#call = call;
    this.#items = items;
  }

  settle(settled: Settled<BatchReply>): void {
    const items = this.#items;
    const script = this.#call.script.name;
    const node = this.#link.node;
    for (let index = 0; index < items.length; index++) {
      items[index]!.settle(
        settled.kind === 'value' ? itemOutcome(script, settled.value[index]!) : settled,
        node,
      );
    }
  }

  parse(raw: unknown): BatchReply {
    return parseBatchReply(this.#call.script.name, raw, this.#items.length);
  }

  recover(error: unknown): Promise<unknown> | undefined {
    return resendAfterNoScript(this.#link.client, this.#call, error);
  }
}
