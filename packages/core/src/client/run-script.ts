import { ClientSideError } from './client-side-error.js';
import type { ScriptCall } from './script-call.js';
import type { RedisScriptClient, ScriptCallOptions } from './script-client.js';

/**
 * Whether a client error is Redis's NOSCRIPT (the script is not in the server's cache).
 *
 * @example
 * ```ts
 * const options = { keys: ['lock:a'], arguments: [token] };
 * await client.evalSha(releaseScript.sha1, options).catch((error: unknown) => {
 *   if (!isNoScript(error)) throw error;
 *   return client.eval(releaseScript.lua, options); // not cached yet: send the source
 * });
 * ```
 * @category Clients
 */
export function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/**
 * Runs a script by EVALSHA, and by EVAL when the server does not know it yet (after a restart
 * or SCRIPT FLUSH). EVAL also caches it, so the next call goes by hash again.
 *
 * The EVAL goes out when the NOSCRIPT reply comes back, behind whatever was sent meanwhile on
 * that connection. That is harmless for an extend or a final release, but not for the release
 * that cleans up after a failed attempt: run late, behind the next attempt's acquire of the
 * same token, it would delete the key that attempt just took, and the node's vote would be a
 * lie; nor for an acquire, which would then set a key after that cleanup. With
 * `resend: false` the call fails with the NOSCRIPT error and nothing runs out of order;
 * `withScriptLoading` refills the cache before the next call.
 * @example
 * ```ts
 * const script = defineScript('get', "return redis.call('GET', KEYS[1])");
 * const value = await runScript(client, { script, keys: ['lock:orders:42'], args: [] });
 * ```
 * @throws Rejects with the client's error, unchanged (a `NOSCRIPT` only when EVAL fails too),
 *   or a {@link ClientSideError} around what `evalSha` threw; unbounded in time, so callers
 *   bound it (`CallDeadlines`, `settleWithin`).
 * @category Clients
 */
export function runScript(client: RedisScriptClient, call: ScriptCall): Promise<unknown> {
  // Not an async function: one promise hop less on every lock operation.
  return sendScript(client, call).then(undefined, (error: unknown) => {
    const retry = resendAfterNoScript(client, call, error);
    if (retry === undefined) throw error;
    return retry;
  });
}

/**
 * The first half of `runScript`: the EVALSHA alone, a synchronous throw turned into a
 * rejection with a {@link ClientSideError}: nothing was sent, so it is the client's failure,
 * never the node's. For callers that follow the reply themselves (the batcher's deadlines).
 * @internal
 */
export function sendScript(client: RedisScriptClient, call: ScriptCall): Promise<unknown> {
  try {
    return client.evalSha(call.script.sha1, optionsOf(call));
  } catch (error) {
    return Promise.reject(error instanceof ClientSideError ? error : new ClientSideError(error));
  }
}

/**
 * The second half of `runScript`: the EVAL to send when `error` is a NOSCRIPT and the call may
 * run late (`resend`), else undefined.
 * @internal
 */
export function resendAfterNoScript(
  client: RedisScriptClient,
  call: ScriptCall,
  error: unknown,
): Promise<unknown> | undefined {
  if (call.resend === false || !isNoScript(error)) return undefined;
  return client.eval(call.script.lua, optionsOf(call));
}

function optionsOf(call: ScriptCall): ScriptCallOptions {
  const options = { keys: call.keys, arguments: call.args };
  return call.routingKey === undefined ? options : { ...options, routingKey: call.routingKey };
}
