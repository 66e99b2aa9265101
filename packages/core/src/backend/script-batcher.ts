import { runScript } from '../client/run-script.js';
import type { RedisScriptClient } from '../client/script-client.js';
import { settleWithin, type Settled } from '../client/settle-within.js';
import { ScriptReplyError } from '../errors.js';
import type { LuaScript } from '../scripts/define-script.js';
import { callNode, type ScriptCall } from './node-call.js';

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
}

interface Pending<Item> {
  readonly item: Item;
  readonly resolve: (settled: Settled<number>) => void;
}

/** Locks per script call: keeps one call's work on the server short. */
const MAX_BATCH = 256;

/**
 * Operations of one kind bound for one node within a tick go as one script call, bounded by one
 * timeout: concurrent acquires share an EVALSHA instead of each paying for its own command, and
 * the auto-extension of 10,000 locks is 40 calls per node, not 10,000. Batches leave in the
 * order they were made, so a node still runs one token's commands in order. A lone operation
 * is sent with its single-lock script; cluster clients are never batched (many slots).
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
  readonly #timeoutMs: number;
  readonly #batchable: boolean;
  readonly #kind: BatchKind<Item>;
  #pending: Pending<Item>[] = [];

  constructor(
    client: RedisScriptClient,
    timeoutMs: number,
    batchable: boolean,
    kind: BatchKind<Item>,
  ) {
    this.#client = client;
    this.#timeoutMs = timeoutMs;
    this.#batchable = batchable;
    this.#kind = kind;
  }

  /** Sends one item: its integer reply, or the call's error or timeout. Never rejects. */
  call(item: Item): Promise<Settled<number>> {
    if (!this.#batchable) return callNode(this.#client, this.#kind.one(item), this.#timeoutMs);
    return new Promise((resolve) => {
      // A microtask: operations started in one pass (one socket read's replies, one timer's
      // due extensions) are all queued before it runs, and nothing waits for a later tick.
      if (this.#pending.length === 0) queueMicrotask(() => this.#flush());
      this.#pending.push({ item, resolve });
    });
  }

  #flush(): void {
    const pending = this.#pending;
    this.#pending = [];
    for (let start = 0; start < pending.length; start += MAX_BATCH) {
      this.#send(pending.length <= MAX_BATCH ? pending : pending.slice(start, start + MAX_BATCH));
    }
  }

  #send(batch: readonly Pending<Item>[]): void {
    if (batch.length === 1) {
      const only = batch[0]!;
      void callNode(this.#client, this.#kind.one(only.item), this.#timeoutMs).then(only.resolve);
      return;
    }
    const keys: string[] = [];
    const args: string[] = [];
    for (const { item } of batch) this.#kind.append(item, keys, args);
    const script = this.#kind.many;
    const reply = runScript(this.#client, script, keys, args, this.#kind.resend).then((raw) =>
      parseBatchReply(script.name, raw, batch.length),
    );
    void settleWithin(reply, this.#timeoutMs).then((settled) => {
      batch.forEach(({ resolve }, index) => {
        resolve(
          settled.kind === 'value' ? { kind: 'value', value: settled.value[index]! } : settled,
        );
      });
    });
  }
}

function parseBatchReply(script: string, raw: unknown, count: number): number[] {
  if (Array.isArray(raw) && raw.length === count && raw.every((v) => Number.isSafeInteger(v))) {
    return raw as number[];
  }
  throw new ScriptReplyError(script, raw, `an array of ${count} integers`);
}
