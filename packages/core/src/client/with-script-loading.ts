import type { LuaScript } from '../scripts/define-script.js';
import { isNoScript } from './run-script.js';
import type { RedisScriptClient } from './script-client.js';

/**
 * Keeps a node's script cache filled ahead of the calls: before the first EVALSHA, and again
 * after any NOSCRIPT (a restart, a SCRIPT FLUSH), it sends every script by EVAL without keys
 * (each is a no-op without keys), pipelined in front of that call on the same connection. So
 * calls go by hash and a NOSCRIPT is rare; when one happens the call fails instead of being
 * re-sent late behind later commands (see `runScript`).
 *
 * @example
 * ```ts
 * const node = withScriptLoading(routeScripts(client), CORE_SCRIPTS);
 * // Goes by EVALSHA: the scripts were sent ahead of it on the same connection.
 * const request = { keys: ['lock:a'], fenceKeys: undefined, token, ttlMs: 10_000 };
 * await runScript(node, acquireCall(request));
 * ```
 * @category Clients
 */
export function withScriptLoading(
  client: RedisScriptClient,
  scripts: readonly LuaScript[],
): RedisScriptClient {
  let loaded = false;
  const load = (routingKey: string | undefined): void => {
    loaded = true;
    for (const script of scripts) {
      // A failed load shows up as NOSCRIPT on a later call, which loads again.
      client
        .eval(script.lua, { keys: [], arguments: [], routingKey })
        .catch(() => (loaded = false));
    }
  };
  const onError = (error: unknown): void => {
    if (isNoScript(error)) loaded = false;
  };
  return {
    evalSha: (sha1, options) => {
      if (!loaded) load(options.routingKey ?? options.keys[0]);
      const reply = client.evalSha(sha1, options);
      // Watched on the side, not in the reply's path: no promise hop for the caller.
      reply.then(undefined, onError);
      return reply;
    },
    eval: (script, options) => client.eval(script, options),
  };
}
