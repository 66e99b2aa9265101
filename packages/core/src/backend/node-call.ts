import { runScript } from '../client/run-script.js';
import type { RedisScriptClient } from '../client/script-client.js';
import { settleWithin, type Settled } from '../client/settle-within.js';
import type { NodeOutcome } from '../errors.js';
import { acquireScript } from '../scripts/acquire-script.js';
import type { LuaScript } from '../scripts/define-script.js';
import { extendScript } from '../scripts/extend-script.js';
import { parseIntegerReply } from '../scripts/parse-integer-reply.js';
import { releaseScript } from '../scripts/release-script.js';
import type { AcquireRequest, HeldKeys } from './lock-backend.js';

/** One script call, ready to send to any node. */
export interface ScriptCall {
  /** The script, run by hash with a fallback to its source. */
  readonly script: LuaScript;
  /** KEYS, the same on every node. */
  readonly keys: string[];
  /** ARGV, the same on every node: a call is built once and fanned out as is. */
  readonly args: string[];
  /** Whether a NOSCRIPT may be answered by running the script late (see `runScript`). */
  readonly resend: boolean;
}

/**
 * A lock's keys, passed to the client as they are, not copied per call: clients read KEYS and
 * never change them.
 */
const shared = (keys: readonly string[]): string[] => keys as string[];

/**
 * The acquire script call: lock keys, then fence keys when fencing.
 *
 * @example
 * ```ts
 * const call = acquireCall({ keys: ['lock:a'], fenceKeys: undefined, token, ttlMs: 10_000 });
 * // { script: acquireScript, keys: ['lock:a'], args: [token, '10000', '0'], resend: false }
 * ```
 */
export function acquireCall(request: AcquireRequest): ScriptCall {
  const fencing = request.fenceKeys !== undefined;
  return {
    script: acquireScript,
    keys: fencing ? [...request.keys, ...request.fenceKeys] : shared(request.keys),
    args: [request.token, String(request.ttlMs), fencing ? '1' : '0'],
    resend: false,
  };
}

/**
 * The extend script call: keys holding the token get `ttlMs` again, missing ones are set
 * again; 0, nothing changed, when another token holds any key.
 *
 * @example
 * ```ts
 * const call = extendCall({ keys: ['lock:a'], token }, 10_000);
 * const settled = await callNode(client, call, 200); // value 1 extended, 0 held by another
 * ```
 */
export function extendCall(held: HeldKeys, ttlMs: number): ScriptCall {
  return {
    script: extendScript,
    keys: shared(held.keys),
    args: [held.token, String(ttlMs)],
    resend: true,
  };
}

/**
 * The release script call. A cleanup between attempts (`cleanup: true`) is never run late
 * (a later attempt reuses the token); a final release may be.
 *
 * @example
 * ```ts
 * const final = releaseCall({ keys: ['lock:a'], token }); // resend: true
 * const cleanup = releaseCall({ keys: ['lock:a'], token }, true); // resend: false
 * ```
 */
export function releaseCall(held: HeldKeys, cleanup = false): ScriptCall {
  return { script: releaseScript, keys: shared(held.keys), args: [held.token], resend: !cleanup };
}

/**
 * Sends a script call to one node and settles within `timeoutMs`: the parsed integer reply,
 * the error, or a timeout. Never rejects; a late reply lands in `onLate`.
 *
 * @example
 * ```ts
 * const settled = await callNode(client, releaseCall(held), 200);
 * if (settled.kind === 'timeout') console.warn('node 0 did not answer within 200 ms');
 * ```
 */
export function callNode(
  client: RedisScriptClient,
  call: ScriptCall,
  timeoutMs: number,
  onLate?: (late: Settled<number>) => void,
): Promise<Settled<number>> {
  const reply = runScript(client, call.script, call.keys, call.args, call.resend).then((raw) =>
    parseIntegerReply(call.script.name, raw),
  );
  return settleWithin(reply, timeoutMs, onLate);
}

/**
 * A node's outcome for a failed call (`error` or `timeout`).
 *
 * @example
 * ```ts
 * const settled = await callNode(client, extendCall(held, 10_000), 200);
 * if (settled.kind !== 'value') nodes.push(failedOutcome(0, settled)); // error or timeout
 * ```
 */
export function failedOutcome(node: number, settled: Settled<number>): NodeOutcome {
  return settled.kind === 'error'
    ? { node, outcome: 'error', cause: settled.error }
    : { node, outcome: 'timeout' };
}
