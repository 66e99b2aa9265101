import type { LuaScript } from '../scripts/define-script.js';
import type { RedisScriptClient } from './script-client.js';

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/**
 * Runs a script by EVALSHA, and by EVAL when the server does not know it yet (after a restart
 * or SCRIPT FLUSH). EVAL also caches it, so the next call goes by hash again.
 * @throws Rejects with the client's error, unchanged (a `NOSCRIPT` only when EVAL fails too);
 *   unbounded in time, so callers bound it with `settleWithin`.
 */
export async function runScript(
  client: RedisScriptClient,
  script: LuaScript,
  keys: string[],
  args: string[],
): Promise<unknown> {
  try {
    return await client.evalSha(script.sha1, { keys, arguments: args });
  } catch (error) {
    if (!isNoScript(error)) throw error;
    return client.eval(script.lua, { keys, arguments: args });
  }
}
