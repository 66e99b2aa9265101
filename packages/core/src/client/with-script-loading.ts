import type { LuaScript } from '../scripts/define-script.js';
import { isNoScript } from './run-script.js';
import type { ClientAdapter } from './client-adapter.js';
import type { RedisScriptClient } from './script-client.js';

/**
 * Keeps a node's script cache filled ahead of the calls: before the first EVALSHA to each
 * server (each master of a cluster, as `targetOf` tells; a cluster client that does not know
 * its slots yet sends its calls by EVAL instead), and again after any NOSCRIPT (a
 * restart, a SCRIPT FLUSH, a failover), it sends every script by EVAL without keys (each is a
 * no-op without keys), pipelined in front of that call on the same connection. So calls go by
 * hash and a NOSCRIPT is rare; when one happens the call fails instead of being re-sent late
 * behind later commands (see `runScript`).
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
  client: RedisScriptClient & Partial<Pick<ClientAdapter, 'targetOf'>>,
  scripts: readonly LuaScript[],
): RedisScriptClient {
  const loaded = new Set<string>();
  const sources = new Map(scripts.map((script) => [script.sha1, script.lua]));
  const load = (routingKey: string | undefined, target: string): void => {
    loaded.add(target);
    for (const script of scripts) {
      // A failed load shows up as NOSCRIPT on a later call, which loads again.
      client
        .eval(script.lua, { keys: [], arguments: [], routingKey })
        .catch(() => loaded.delete(target));
    }
  };
  const onError = (error: unknown): void => {
    if (isNoScript(error)) loaded.clear();
  };
  return {
    evalSha: (sha1, options) => {
      const routingKey = options.routingKey ?? options.keys[0];
      const target = client.targetOf === undefined ? '' : client.targetOf(routingKey);
      const source = target === undefined ? sources.get(sha1) : undefined;
      if (target !== undefined && !loaded.has(target)) load(routingKey, target);
      // A cluster client that does not know its slots yet cannot say where a load would go:
      // the call goes by EVAL, which runs where its keys live and caches the script there.
      const reply =
        source === undefined ? client.evalSha(sha1, options) : client.eval(source, options);
      // Watched on the side, not in the reply's path: no promise hop for the caller.
      reply.then(undefined, onError);
      return reply;
    },
    eval: (script, options) => client.eval(script, options),
  };
}
