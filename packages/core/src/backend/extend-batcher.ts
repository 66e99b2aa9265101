import { runScript } from '../client/run-script.js';
import type { RedisScriptClient } from '../client/script-client.js';
import { settleWithin, type Settled } from '../client/settle-within.js';
import { ScriptReplyError } from '../errors.js';
import { extendManyScript } from '../scripts/extend-many-script.js';
import type { HeldKeys } from './lock-backend.js';
import { callNode, extendCall } from './node-call.js';

interface Pending {
  readonly held: HeldKeys;
  readonly ttlMs: number;
  readonly resolve: (settled: Settled<number>) => void;
}

/** Locks per script call: keeps one call's work on the server short. */
const MAX_BATCH = 256;

/**
 * Collects the extensions bound for one node within a tick and sends them as one
 * `extend-many` script call, bounded by one timeout. Auto-extension of locks acquired
 * together comes due together; without batching, 10,000 locks over 5 nodes meant 50,000
 * calls and timers at once. Cluster clients are not batched (keys in many slots).
 */
export class ExtendBatcher {
  readonly #client: RedisScriptClient;
  readonly #timeoutMs: number;
  readonly #batchable: boolean;
  #pending: Pending[] = [];

  constructor(client: RedisScriptClient, timeoutMs: number, batchable: boolean) {
    this.#client = client;
    this.#timeoutMs = timeoutMs;
    this.#batchable = batchable;
  }

  /** Extends one lock on this node: 1 extended, 0 not held; or the batch's error/timeout. */
  extend(held: HeldKeys, ttlMs: number): Promise<Settled<number>> {
    if (!this.#batchable) return callNode(this.#client, extendCall(held, ttlMs), this.#timeoutMs);
    return new Promise((resolve) => {
      // A microtask, not setImmediate: extensions due together are queued as promise jobs in
      // one pass of the timer, so they all land before this flush runs.
      if (this.#pending.length === 0) queueMicrotask(() => this.#flush());
      this.#pending.push({ held, ttlMs, resolve });
    });
  }

  #flush(): void {
    const pending = this.#pending;
    this.#pending = [];
    for (let start = 0; start < pending.length; start += MAX_BATCH) {
      this.#send(pending.slice(start, start + MAX_BATCH));
    }
  }

  #send(batch: readonly Pending[]): void {
    if (batch.length === 1) {
      const [only] = batch as [Pending];
      void callNode(this.#client, extendCall(only.held, only.ttlMs), this.#timeoutMs).then(
        only.resolve,
      );
      return;
    }
    const keys: string[] = [];
    const args: string[] = [];
    for (const { held, ttlMs } of batch) {
      keys.push(...held.keys);
      args.push(held.token, String(ttlMs), String(held.keys.length));
    }
    const reply = runScript(this.#client, extendManyScript, keys, args).then((raw) =>
      parseBatchReply(raw, batch.length),
    );
    void settleWithin(reply, this.#timeoutMs).then((settled) => {
      batch.forEach((pending, index) => {
        pending.resolve(
          settled.kind === 'value' ? { kind: 'value', value: settled.value[index]! } : settled,
        );
      });
    });
  }
}

function parseBatchReply(raw: unknown, count: number): number[] {
  if (
    Array.isArray(raw) &&
    raw.length === count &&
    raw.every((value) => value === 0 || value === 1)
  ) {
    return raw as number[];
  }
  throw new ScriptReplyError(extendManyScript.name, raw, `${count} integers (0 or 1)`);
}
