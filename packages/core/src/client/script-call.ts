import type { LuaScript } from '../scripts/define-script.js';

/**
 * One script call, ready to send to any node.
 * @category Clients
 */
export interface ScriptCall {
  /** The script, run by hash with a fallback to its source. */
  readonly script: LuaScript;
  /** KEYS, the same on every node; clients read them and never change them. */
  readonly keys: string[];
  /** ARGV, the same on every node: a call is built once and fanned out as is. */
  readonly args: string[];
  /**
   * Whether a NOSCRIPT may be answered by running the script late, by EVAL (see `runScript`):
   * never for an acquire nor for the cleanup between attempts. @defaultValue `true`
   */
  readonly resend?: boolean;
  /**
   * For a call without keys on a cluster client: the key whose slot's master runs it, so that
   * every such call reaches the same server (the restart guard's identification must).
   */
  readonly routingKey?: string;
}
