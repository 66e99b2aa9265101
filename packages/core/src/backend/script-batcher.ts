import { resendAfterNoScript, sendScript } from '../client/run-script.js';
import type { RedisScriptClient } from '../client/script-client.js';
import { TIMED_OUT, type CallDeadlines } from '../client/call-deadlines.js';
import type { Settled } from '../client/settle-within.js';
import { ScriptReplyError } from '../errors.js';
import type { LuaScript } from '../scripts/define-script.js';
import { MAX_KEY_BYTES, MAX_RESOURCES } from '../validate.js';
import { parseIntegerReply } from '../scripts/parse-integer-reply.js';
import type { ScriptCall } from './node-call.js';
import type { NodeHealth } from './node-health.js';

/** How one kind of operation is sent alone, and how it joins a batch. */
export interface BatchKind<Item> {
  /** The call for an item sent alone (the single-lock script). */
  readonly one: (item: Item) => ScriptCall;
  /** The script that takes many items. */
  readonly many: LuaScript;
  /** Adds an item's keys and arguments to a batch. */
  readonly append: (item: Item, keys: string[], args: string[]) => void;
  /** Whether a NOSCRIPT may be answered by running the batch late (see `runScript`). */
  readonly resend: boolean;
  /** A leaner script for batches whose items all fit it (one key each, say). */
  readonly simple?: SimpleBatch<Item>;
}

/** A leaner batch script, for batches whose every item fits it; replies as `many` does. */
export interface SimpleBatch<Item> {
  /** The script. */
  readonly script: LuaScript;
  /** Whether `item` may go in a simple batch whose first item is `first`. */
  readonly fits: (item: Item, first: Item) => boolean;
  /** The arguments the whole batch shares, from its first item. */
  readonly head: (first: Item) => string[];
  /** Adds an item's keys and arguments. */
  readonly append: (item: Item, keys: string[], args: string[]) => void;
}

/** Receives a call's outcome and the tag it was sent with. */
export type SettleCall<Tag> = (settled: Settled<number>, tag: Tag) => void;

interface Pending<Item> {
  readonly item: Item;
  readonly settle: SettleCall<unknown>;
  readonly tag: unknown;
}

/**
 * Batches are flushed in a reaction to this settled promise: a microtask like
 * `queueMicrotask`'s, without the async resource Node makes for each of those.
 */
const SETTLED = Promise.resolve();

/** Locks per script call: keeps one call's work on the server short. */
const MAX_BATCH = 256;

/**
 * Keys per batched call, and their length in UTF-16 code units: no more than the largest lock
 * sends alone with fencing (twice `MAX_RESOURCES` keys, twice `MAX_KEY_BYTES`). Without it,
 * 256 large locks in one tick would make one call that no node answers within its timeout,
 * or that the client cannot even build (node-redis overflows its stack at about 124,000 keys).
 */
const MAX_BATCH_KEYS = 2 * MAX_RESOURCES;
const MAX_BATCH_KEY_UNITS = 2 * MAX_KEY_BYTES;

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
 * const { release } = new NodeBatchers(client, 200, true); // a ScriptBatcher<HeldKeys>
 * // Called in one tick: one release-many script call, one settled reply per lock.
 * const [a, b] = await Promise.all([release.call(heldA), release.call(heldB)]);
 * ```
 */
export class ScriptBatcher<Item> {
  readonly #client: RedisScriptClient;
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

  /**
   * @param client - The node's client.
   * @param batchable - Whether calls may be batched (not for cluster clients).
   * @param kind - How this operation is sent alone and in a batch.
   * @param deadlines - Bounds every call (the node's, shared by its batchers).
   * @param health - Whether the node is answering (the node's, shared too).
   * @param skipped - Sees each item not sent because the node is unresponsive.
   */
  constructor(
    client: RedisScriptClient,
    batchable: boolean,
    kind: BatchKind<Item>,
    deadlines: CallDeadlines,
    health: NodeHealth,
    skipped?: (item: Item) => void,
  ) {
    this.#client = client;
    this.#batchable = batchable;
    this.#kind = kind;
    this.#deadlines = deadlines;
    this.#health = health;
    this.#skipped = skipped;
  }

  /**
   * Sends one item: its integer reply, or the error of the call or of the item's own part of a
   * batch, or a timeout. Never rejects.
   */
  call(item: Item): Promise<Settled<number>> {
    return new Promise((resolve) => this.send(item, resolve, undefined));
  }

  /**
   * Like `call`, without a promise: `settle` gets the outcome and `tag` (a node's index, say:
   * one callback then serves every node of an operation). It may run before `send` returns
   * (a node not sent to).
   */
  send<Tag>(item: Item, settle: SettleCall<Tag>, tag: Tag): void {
    if (!this.#batchable) {
      this.#sendOne(item, settle, tag);
      return;
    }
    // A microtask: operations started in one pass (one socket read's replies, one timer's due
    // extensions) are all queued before it runs, and nothing waits for a later tick.
    if (this.#count === 0) void SETTLED.then(this.#flushNow);
    this.#pending[this.#count++] = { item, settle: settle as SettleCall<unknown>, tag };
  }

  #flush(): void {
    const count = this.#count;
    this.#count = 0;
    if (count === 1) {
      const only = this.#pending[0]!;
      this.#pending[0] = undefined;
      this.#sendOne(only.item, only.settle, only.tag);
      return;
    }
    const pending = this.#pending.slice(0, count) as Pending<Item>[];
    this.#pending.fill(undefined, 0, count);
    if (!this.#health.admit()) {
      for (const { item, settle, tag } of pending) settle(this.#skip(item), tag);
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
      this.#callOne(only.item, only.settle, only.tag);
      return;
    }
    const keys: string[] = [];
    let args: string[];
    let script: LuaScript;
    const simple = this.#kind.simple;
    const first = batch[0]!.item;
    if (simple !== undefined && batch.every(({ item }) => simple.fits(item, first))) {
      script = simple.script;
      args = simple.head(first);
      for (const { item } of batch) simple.append(item, keys, args);
    } else {
      script = this.#kind.many;
      args = [];
      for (const { item } of batch) this.#kind.append(item, keys, args);
    }
    if (overBudget(keys)) {
      // In order, halves until each fits (a lock alone always goes: the engine bounds it).
      const half = batch.length >> 1;
      this.#send(batch.slice(0, half));
      this.#send(batch.slice(half));
      return;
    }
    const reply = sendScript(this.#client, script, keys, args);
    this.#deadlines.track(
      reply,
      (settled: Settled<BatchReply>) => {
        for (let index = 0; index < batch.length; index++) {
          const { settle, tag } = batch[index]!;
          settle(
            settled.kind === 'value' ? itemOutcome(script, settled.value[index]!) : settled,
            tag,
          );
        }
      },
      (raw) => parseBatchReply(script.name, raw, batch.length),
      this.#kind.resend
        ? (error) => resendAfterNoScript(this.#client, script, keys, args, error)
        : undefined,
    );
  }

  /** One item on its own: sent with the single-lock script, or skipped (node unresponsive). */
  #sendOne<Tag>(item: Item, settle: SettleCall<Tag>, tag: Tag): void {
    if (!this.#health.admit()) settle(this.#skip(item), tag);
    else this.#callOne(item, settle, tag);
  }

  #callOne<Tag>(item: Item, settle: SettleCall<Tag>, tag: Tag): void {
    const call = this.#kind.one(item);
    const reply = sendScript(this.#client, call.script, call.keys, call.args);
    this.#deadlines.track(
      reply,
      settle,
      integerReplyOf(call.script),
      call.resend
        ? (error) => resendAfterNoScript(this.#client, call.script, call.keys, call.args, error)
        : undefined,
      tag,
    );
  }

  #skip(item: Item): Settled<number> {
    this.#skipped?.(item);
    return TIMED_OUT; // not sent: what a call to an unresponsive node comes to
  }
}

/** Whether a batch's keys are more than one call should carry. */
function overBudget(keys: readonly string[]): boolean {
  if (keys.length > MAX_BATCH_KEYS) return true;
  let units = 0;
  for (const key of keys) units += key.length;
  return units > MAX_BATCH_KEY_UNITS;
}

/** A parser of each script's integer reply, made once per script, not once per call. */
const integerParsers = new WeakMap<LuaScript, (raw: unknown) => number>();

function integerReplyOf(script: LuaScript): (raw: unknown) => number {
  let parse = integerParsers.get(script);
  if (parse === undefined) {
    parse = (raw) => parseIntegerReply(script.name, raw);
    integerParsers.set(script, parse);
  }
  return parse;
}

/**
 * A batch script's reply: one entry per item, its integer, or the message of the error that
 * failed that item alone (a key of another type, say).
 */
type BatchReply = readonly (number | string)[];

function isBatchEntry(entry: unknown): entry is number | string {
  return Number.isSafeInteger(entry) || typeof entry === 'string';
}

function parseBatchReply(script: string, raw: unknown, count: number): BatchReply {
  if (Array.isArray(raw) && raw.length === count && raw.every(isBatchEntry)) return raw;
  throw new ScriptReplyError(script, raw, `an array of ${count} integers or error messages`);
}

/**
 * One item's outcome: its integer, or its own error, settled for that item's caller alone as
 * a single-lock script's error would be.
 */
function itemOutcome(script: LuaScript, entry: number | string): Settled<number> {
  return typeof entry === 'number'
    ? { kind: 'value', value: entry }
    : { kind: 'error', error: new ScriptReplyError(script.name, entry) };
}
