import type { RedisScriptClient } from '../client/script-client.js';
import { acquireManyScript } from '../scripts/acquire-many-script.js';
import { extendManyScript } from '../scripts/extend-many-script.js';
import { releaseManyScript } from '../scripts/release-many-script.js';
import type { AcquireRequest, HeldKeys } from './lock-backend.js';
import { acquireCall, extendCall, releaseCall } from './node-call.js';
import { ScriptBatcher, type BatchKind } from './script-batcher.js';

/** An extension: the lock's keys and the new ttl. */
export interface ExtendItem {
  /** The lock's keys and token. */
  readonly held: HeldKeys;
  /** The ttl the keys get. */
  readonly ttlMs: number;
}

const acquireKind: BatchKind<AcquireRequest> = {
  one: acquireCall,
  many: acquireManyScript,
  append: (request, keys, args) => {
    keys.push(...request.keys);
    if (request.fenceKeys !== undefined) keys.push(...request.fenceKeys);
    const fencing = request.fenceKeys === undefined ? '0' : '1';
    args.push(request.token, String(request.ttlMs), String(request.keys.length), fencing);
  },
  resend: false,
};

const extendKind: BatchKind<ExtendItem> = {
  one: ({ held, ttlMs }) => extendCall(held, ttlMs),
  many: extendManyScript,
  append: ({ held, ttlMs }, keys, args) => {
    keys.push(...held.keys);
    args.push(held.token, String(ttlMs), String(held.keys.length));
  },
  resend: true,
};

const releaseKind = (cleanup: boolean): BatchKind<HeldKeys> => ({
  one: (held) => releaseCall(held, cleanup),
  many: releaseManyScript,
  append: (held, keys, args) => {
    keys.push(...held.keys);
    args.push(held.token, String(held.keys.length));
  },
  resend: !cleanup,
});

/**
 * The four batched operations of one node.
 *
 * @example
 * ```ts
 * const node = new NodeBatchers(client, 200, !isClusterClient(client));
 * const settled = await node.extend.call({ held: { keys: ['lock:a'], token }, ttlMs: 10_000 });
 * if (settled.kind === 'value') console.log(settled.value === 1 ? 'extended' : 'not held');
 * ```
 */
export class NodeBatchers {
  /** Acquire attempts, never re-sent after NOSCRIPT. */
  readonly acquire: ScriptBatcher<AcquireRequest>;
  /** Extensions of held locks. */
  readonly extend: ScriptBatcher<ExtendItem>;
  /** Final releases, which may be re-sent after NOSCRIPT. */
  readonly release: ScriptBatcher<HeldKeys>;
  /** Releases between attempts, which never are. */
  readonly cleanup: ScriptBatcher<HeldKeys>;

  constructor(client: RedisScriptClient, timeoutMs: number, batchable: boolean) {
    this.acquire = new ScriptBatcher(client, timeoutMs, batchable, acquireKind);
    this.extend = new ScriptBatcher(client, timeoutMs, batchable, extendKind);
    this.release = new ScriptBatcher(client, timeoutMs, batchable, releaseKind(false));
    this.cleanup = new ScriptBatcher(client, timeoutMs, batchable, releaseKind(true));
  }
}
