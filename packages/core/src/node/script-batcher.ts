import { TIMED_OUT, type CallDeadlines } from '../client/call-deadlines.js';
import { sendScript } from '../client/run-script.js';
import type { ScriptCall } from '../client/script-call.js';
import type { Settled } from '../client/settle-within.js';
import { MAX_BATCH, overBudget } from './batch-budget.js';
import type { BatchKind, SettleNode } from './batch-kind.js';
import type { NodeHealth } from './node-health.js';
import { BatchCall, SingleCall, type BatchItem, type NodeLink } from './tracked-calls.js';

/**
 * What a {@link ScriptBatcher} sends through, and for which operation.
 * @category Per-node transport
 */
export interface ScriptBatcherOptions<Item> {
  /** The node: its client, and its index, which every settlement carries. */
  readonly link: NodeLink;
  /** Whether calls may be batched (not for cluster clients: many slots). */
  readonly batchable: boolean;
  /** How this operation is sent alone and in a batch. */
  readonly kind: BatchKind<Item>;
  /** Bounds every call (the node's, shared by its batchers). */
  readonly deadlines: CallDeadlines;
  /** Whether the node is answering (the node's, shared too). */
  readonly health: NodeHealth;
  /** Sees each item not sent because the node is unresponsive. */
  readonly skipped?: (item: Item) => void;
}

/** An item waiting for this tick's flush, and whom its outcome goes to. */
interface Pending<Item> extends BatchItem {
  readonly item: Item;
}

/**
 * Batches are flushed in a reaction to this resolved promise: a microtask like
 * `queueMicrotask`'s, without the async resource Node makes for each of those.
 */
const FLUSH_TICK = Promise.resolve();

/**
 * Operations of one kind bound for one node within a tick go as one script call, bounded by one
 * timeout: concurrent acquires share an EVALSHA instead of each paying for its own command, and
 * the auto-extension of 10,000 locks is 40 calls per node, not 10,000. Batches leave in the
 * order they were made, so a node still runs one token's commands in order. Each item of a
 * batch succeeds or fails alone: the batch scripts answer an item whose keys failed (one of
 * another type, say) with the error's message, which settles that item, and only it, as the
 * error a single-lock call would have met. A lone operation is sent with its single-lock
 * script; cluster clients are never batched (many slots). While the node is unresponsive (see
 * {@link NodeHealth}), calls are not sent but settle as timeouts at once, and `skipped` sees
 * each such item.
 *
 * @example
 * ```ts
 * const { release } = new NodeBatchers(client, { timeoutMs: 200, batchable: true });
 * // Called in one tick: one release-many script call, one settled reply per lock.
 * const [a, b] = await Promise.all([release.call(heldA), release.call(heldB)]);
 * ```
 * @category Per-node transport
 */
export class ScriptBatcher<Item> {
  readonly #link: NodeLink;
  readonly #batchable: boolean;
  readonly #kind: BatchKind<Item>;
  readonly #deadlines: CallDeadlines;
  readonly #health: NodeHealth;
  readonly #skipped: ((item: Item) => void) | undefined;
  // Items waiting for this tick's flush, in slots 0…count-1. The array is kept between flushes
  // (emptied slot by slot): a new one, or `length = 0`, costs a backing store every flush.
  readonly #pending: (Pending<Item> | undefined)[] = [];
  #count = 0;
  readonly #flushNow = (): void => this.#flush();

  constructor(options: ScriptBatcherOptions<Item>) {
    this.#link = options.link;
    this.#batchable = options.batchable;
    this.#kind = options.kind;
    this.#deadlines = options.deadlines;
    this.#health = options.health;
    this.#skipped = options.skipped;
  }

  /**
   * Sends one item: its integer reply, or the error of the call or of the item's own part of a
   * batch, or a timeout. Never rejects.
   */
  call(item: Item): Promise<Settled<number>> {
    return new Promise((resolve) => this.send(item, resolve));
  }

  /**
   * Like `call`, without a promise: `settle` gets the outcome and this node's index, so one
   * callback serves every node of an operation. It may run before `send` returns (a node not
   * sent to).
   */
  send(item: Item, settle: SettleNode): void {
    if (!this.#batchable) {
      this.#sendOne(item, settle);
      return;
    }
    // A microtask: operations started in one pass (one socket read's replies, one timer's due
    // extensions) are all queued before it runs, and nothing waits for a later tick.
    if (this.#count === 0) void FLUSH_TICK.then(this.#flushNow);
    this.#pending[this.#count++] = { item, settle };
  }

  #flush(): void {
    const count = this.#count;
    this.#count = 0;
    if (count === 1) {
      const only = this.#pending[0]!;
      this.#pending[0] = undefined;
      this.#sendOne(only.item, only.settle);
      return;
    }
    const pending: Pending<Item>[] = [];
    for (let index = 0; index < count; index++) {
      pending.push(this.#pending[index]!);
      this.#pending[index] = undefined;
    }
    if (!this.#health.admit()) {
      const node = this.#link.node;
      for (const { item, settle } of pending) settle(this.#skip(item), node);
      return;
    }
    for (let start = 0; start < pending.length; start += MAX_BATCH) {
      this.#send(pending.length <= MAX_BATCH ? pending : pending.slice(start, start + MAX_BATCH));
    }
  }

  #send(batch: readonly Pending<Item>[]): void {
    if (batch.length === 1) {
      // The last slice of a flush larger than MAX_BATCH.
      const only = batch[0]!;
      this.#callOne(only.item, only.settle);
      return;
    }
    const call = this.#batchCall(batch);
    if (overBudget(call.keys)) {
      // In order, halves until each fits (a lock alone always goes: the engine bounds it).
      const half = batch.length >> 1;
      this.#send(batch.slice(0, half));
      this.#send(batch.slice(half));
      return;
    }
    const link = this.#link;
    this.#deadlines.track(sendScript(link.client, call), new BatchCall(link, call, batch));
  }

  /** One script call for a batch: the lean script when every item fits it, else `many`. */
  #batchCall(batch: readonly Pending<Item>[]): ScriptCall {
    const kind = this.#kind;
    const keys: string[] = [];
    const simple = kind.simple;
    const first = batch[0]!.item;
    if (simple !== undefined && batch.every(({ item }) => simple.fits(item, first))) {
      const args = simple.head(first);
      for (const { item } of batch) simple.append(item, keys, args);
      return { script: simple.script, keys, args, resend: kind.resend };
    }
    const args: string[] = [];
    for (const { item } of batch) kind.append(item, keys, args);
    return { script: kind.many, keys, args, resend: kind.resend };
  }

  /** One item on its own: sent with the single-lock script, or skipped (node unresponsive). */
  #sendOne(item: Item, settle: SettleNode): void {
    if (!this.#health.admit()) settle(this.#skip(item), this.#link.node);
    else this.#callOne(item, settle);
  }

  #callOne(item: Item, settle: SettleNode): void {
    const link = this.#link;
    const call = this.#kind.one(item);
    this.#deadlines.track(sendScript(link.client, call), new SingleCall(link, call, settle));
  }

  #skip(item: Item): Settled<number> {
    this.#skipped?.(item);
    return TIMED_OUT; // not sent: what a call to an unresponsive node comes to
  }
}
