import type { LuaScript } from '../scripts/define-script.js';
import type { RedisScriptClient } from './script-client.js';

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/**
 * Runs a script by EVALSHA, and by EVAL when the server does not know it yet (after a restart
 * or SCRIPT FLUSH). EVAL also caches it, so the next call goes by hash again.
 *
 * The EVAL goes out when the NOSCRIPT reply comes back, behind whatever was sent meanwhile on
 * that connection. That is harmless for an acquire, an extend or a final release, but not for
 * the release that cleans up after a failed attempt: run late, behind the next attempt's
 * acquire of the same token, it would delete the key that attempt just took, and the node's
 * vote would be a lie. With `resend: false` the script is only loaded (every script is a
 * no-op without keys) and the call fails with the NOSCRIPT error, so nothing runs out of order.
 * @throws Rejects with the client's error, unchanged (a `NOSCRIPT` only when EVAL fails too);
 *   unbounded in time, so callers bound it with `settleWithin`.
 */
export async function runScript(
  client: RedisScriptClient,
  script: LuaScript,
  keys: string[],
  args: string[],
  resend = true,
): Promise<unknown> {
  try {
    return await client.evalSha(script.sha1, { keys, arguments: args });
  } catch (error) {
    if (!isNoScript(error)) throw error;
    if (resend) return client.eval(script.lua, { keys, arguments: args });
    // A load that fails shows up as NOSCRIPT again on the next call, which loads again.
    client
      .eval(script.lua, { keys: [], arguments: [], routingKey: keys[0] })
      .catch(() => undefined);
    throw error;
  }
}
