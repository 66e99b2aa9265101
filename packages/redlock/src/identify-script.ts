import { ScriptReplyError, type RedisScriptClient } from '@redquorum/core';
import { defineScript, runScript, type CallDeadlines, type Settled } from '@redquorum/core/backend';

/** Who a node is: its run_id changes on every restart; its uptime dates the restart. */
export const identifyScript = defineScript(
  'identify',
  `-- no KEYS, no ARGV
-- returns { run_id, uptime_in_seconds }
local info = redis.call('INFO', 'server')
return { string.match(info, 'run_id:(%x+)'), tonumber(string.match(info, 'uptime_in_seconds:(%d+)')) }
`,
);

/**
 * Where a cluster client sends the identification: always the master of this key's slot. A
 * call without keys would reach a random master, and each master's run_id would look like a
 * restart of the one before. (So a cluster is identified by one master: a restart of another
 * goes unnoticed; see the safety guide.)
 */
const IDENTIFY_ROUTE = '{redquorum}:identify';

/** A node's identity as the identify script reports it. */
export interface NodeIdentity {
  readonly runId: string;
  readonly uptimeMs: number;
}

/** Parses the identify script's `[run_id, uptime]` reply. */
export function parseIdentity(reply: unknown): NodeIdentity {
  if (Array.isArray(reply) && reply.length === 2) {
    const entries: readonly unknown[] = reply;
    const [runId, uptime] = entries;
    const seconds = typeof uptime === 'string' ? Number(uptime) : uptime;
    if (typeof runId === 'string' && typeof seconds === 'number' && Number.isInteger(seconds)) {
      return { runId, uptimeMs: seconds * 1000 };
    }
  }
  throw new ScriptReplyError(identifyScript.name, reply, '[run_id, uptime]');
}

/**
 * Runs the identify script on a node, bounded by the node's deadlines (and so counted in its
 * health like any call).
 */
export function identifyNode(
  client: RedisScriptClient,
  deadlines: CallDeadlines,
): Promise<Settled<NodeIdentity>> {
  const call = { script: identifyScript, keys: [], args: [], routingKey: IDENTIFY_ROUTE };
  return deadlines.watch(runScript(client, call).then(parseIdentity));
}
