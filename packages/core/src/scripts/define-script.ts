import { createHash } from 'node:crypto';

/**
 * A Lua script with its SHA1, computed once when the module loads.
 * @category Scripts and operations
 */
export interface LuaScript {
  /** Name used in errors and events. */
  readonly name: string;
  /** The Lua source. */
  readonly lua: string;
  /** SHA1 hex digest of `lua`, as `SCRIPT LOAD` returns it. */
  readonly sha1: string;
}

/**
 * Hashes a script once, so every call can go by EVALSHA.
 *
 * @example
 * ```ts
 * const pttlScript = defineScript('pttl', "return redis.call('PTTL', KEYS[1])");
 * const ttl = await runScript(client, { script: pttlScript, keys: ['lock:orders:42'], args: [] });
 * ```
 * @category Scripts and operations
 */
export function defineScript(name: string, lua: string): LuaScript {
  return { name, lua, sha1: createHash('sha1').update(lua).digest('hex') };
}
