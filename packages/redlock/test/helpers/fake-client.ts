// A stand-in for a Redis client in unit tests: it counts every script call and answers with a
// reply chosen by the test (default: a promise that never settles, like a frozen node).
import type { RedisScriptClient, ScriptCallOptions } from '@redquorum/core';

/** One script call a fake client received. */
export interface FakeCall {
  readonly method: 'evalSha' | 'eval';
  readonly script: string;
  readonly options: ScriptCallOptions;
}

/** A fake client and the calls it received. */
export interface FakeClient extends RedisScriptClient {
  readonly calls: FakeCall[];
}

/** Makes a client whose every call is answered by `reply` (by default, never). */
export function fakeClient(
  reply: (call: FakeCall) => Promise<unknown> = () => new Promise<never>(() => undefined),
): FakeClient {
  const calls: FakeCall[] = [];
  const record = (call: FakeCall): Promise<unknown> => {
    calls.push(call);
    return reply(call);
  };
  return {
    calls,
    evalSha: (script, options) => record({ method: 'evalSha', script, options }),
    eval: (script, options) => record({ method: 'eval', script, options }),
  };
}

/** `count` fresh fake clients. */
export function fakeClients(count: number): FakeClient[] {
  return Array.from({ length: count }, () => fakeClient());
}
