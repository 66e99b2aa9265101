import {
  isClusterClient,
  type RedisScriptClient,
  type ScriptCallOptions,
} from './script-client.js';

/** node-redis cluster's own way (v4 to v6) to send a command to the master of a key's slot. */
interface ClusterSendCommand {
  sendCommand(firstKey: string | undefined, isReadonly: boolean, args: string[]): Promise<unknown>;
}

function hasSendCommand(
  client: RedisScriptClient,
): client is RedisScriptClient & ClusterSendCommand {
  return 'sendCommand' in client && typeof client.sendCommand === 'function';
}

/**
 * node-redis v4 cluster clients route EVAL and EVALSHA by calling the command's key finder
 * with the script as its first argument, so it never finds the key: every script goes to a
 * random master and its MOVED redirections to random masters again. This sends scripts
 * through the cluster's `sendCommand` with the first key named, so they reach the slot's
 * master, and calls without keys to the master of their `routingKey`. v5 and v6 clusters keep
 * the same `sendCommand`, and get the same routing. Standalone clients are returned as they
 * are.
 *
 * @example
 * ```ts
 * const routed = routeScripts(await cluster.connect()); // to the master of the key's slot
 * await runScript(routed, releaseCall({ keys: ['lock:{orders}:1'], token }));
 * ```
 * @category Clients
 */
export function routeScripts(client: RedisScriptClient): RedisScriptClient {
  if (!isClusterClient(client) || !hasSendCommand(client)) return client;
  const cluster = client;
  const send = (command: string, body: string, options: ScriptCallOptions): Promise<unknown> =>
    cluster.sendCommand(options.routingKey ?? options.keys[0], false, [
      command,
      body,
      String(options.keys.length),
      ...options.keys,
      ...options.arguments,
    ]);
  return {
    evalSha: (sha1, options) => send('EVALSHA', sha1, options),
    eval: (script, options) => send('EVAL', script, options),
  };
}
