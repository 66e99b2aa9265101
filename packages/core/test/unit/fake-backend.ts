// A scripted LockBackend for engine tests: no Redis, replies chosen per call.
import { LockEngine, resolveOptions } from '../../src/backend.js';
import type { LockManagerOptions, ReleaseOutcome } from '../../src/index.js';
import type {
  AcquireOutcome,
  AcquireRequest,
  ExtendOutcome,
  HeldKeys,
  LockBackend,
} from '../../src/backend.js';

/** A scripted reply: an outcome, or a function of the call producing one (possibly later). */
export type Reply<T> = T | ((call: BackendCall) => T | Promise<T>);

/** One call the engine made, with the (fake) monotonic time it was made at. */
export type BackendCall =
  | { readonly op: 'acquire'; readonly at: number; readonly request: AcquireRequest }
  | { readonly op: 'extend'; readonly at: number; readonly held: HeldKeys; readonly ttlMs: number }
  | { readonly op: 'release'; readonly at: number; readonly held: HeldKeys };

export const acquired = (fence?: bigint): AcquireOutcome => ({
  acquired: true,
  fence,
  nodes: [{ node: 0, outcome: 'ok' }],
});

export const taken = (): AcquireOutcome => ({
  acquired: false,
  reason: 'taken',
  nodes: [{ node: 0, outcome: 'taken' }],
  mayHoldKeys: false,
});

/** A timed-out attempt: the node may have set the key before the reply was lost. */
export const unreachable = (): AcquireOutcome => ({
  acquired: false,
  reason: 'unreachable',
  nodes: [{ node: 0, outcome: 'timeout' }],
  mayHoldKeys: true,
});

export const extended = (): ExtendOutcome => ({
  extended: true,
  nodes: [{ node: 0, outcome: 'ok' }],
});

export const notHeld = (): ExtendOutcome => ({
  extended: false,
  reason: 'not-held',
  nodes: [{ node: 0, outcome: 'not-held' }],
});

export const extendUnreachable = (): ExtendOutcome => ({
  extended: false,
  reason: 'unreachable',
  nodes: [{ node: 0, outcome: 'timeout' }],
});

export const released = (): ReleaseOutcome => ({ nodes: [{ node: 0, outcome: 'ok' }] });

export const releasedNothing = (): ReleaseOutcome => ({
  nodes: [{ node: 0, outcome: 'not-held' }],
});

/** A reply that arrives `ms` later (on the fake clock when timers are faked). */
export function after<T>(ms: number, outcome: T): () => Promise<T> {
  return () => new Promise((resolve) => setTimeout(() => resolve(outcome), ms));
}

/** A promise settled by hand. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Observes a promise without awaiting it; the rejection counts as handled. */
export function track<T>(promise: Promise<T>): {
  readonly status: 'pending' | 'fulfilled' | 'rejected';
  readonly value: T | undefined;
  readonly error: unknown;
} {
  const state = {
    status: 'pending' as 'pending' | 'fulfilled' | 'rejected',
    value: undefined as T | undefined,
    error: undefined as unknown,
  };
  promise.then(
    (value) => {
      state.status = 'fulfilled';
      state.value = value;
    },
    (error: unknown) => {
      state.status = 'rejected';
      state.error = error;
    },
  );
  return state;
}

async function answer<T>(reply: Reply<T>, call: BackendCall): Promise<T> {
  return reply instanceof Function ? reply(call) : reply;
}

/** Each call takes the next scripted reply, then the default once the script runs out. */
export class FakeBackend implements LockBackend {
  readonly calls: BackendCall[] = [];
  readonly checkedKeys: (readonly string[])[] = [];
  acquireDefault: Reply<AcquireOutcome> = acquired();
  extendDefault: Reply<ExtendOutcome> = extended();
  releaseDefault: Reply<ReleaseOutcome> = released();
  readonly #acquire: Reply<AcquireOutcome>[] = [];
  readonly #extend: Reply<ExtendOutcome>[] = [];
  readonly #release: Reply<ReleaseOutcome>[] = [];

  scriptAcquire(...replies: Reply<AcquireOutcome>[]): this {
    this.#acquire.push(...replies);
    return this;
  }

  scriptExtend(...replies: Reply<ExtendOutcome>[]): this {
    this.#extend.push(...replies);
    return this;
  }

  scriptRelease(...replies: Reply<ReleaseOutcome>[]): this {
    this.#release.push(...replies);
    return this;
  }

  /** The calls of one kind, in order. */
  ops<K extends BackendCall['op']>(op: K): Extract<BackendCall, { op: K }>[] {
    return this.calls.filter((call): call is Extract<BackendCall, { op: K }> => call.op === op);
  }

  checkKeys(keys: readonly string[]): void {
    this.checkedKeys.push(keys);
  }

  acquire(request: AcquireRequest): Promise<AcquireOutcome> {
    const call: BackendCall = { op: 'acquire', at: performance.now(), request };
    this.calls.push(call);
    return answer(this.#acquire.shift() ?? this.acquireDefault, call);
  }

  extend(held: HeldKeys, ttlMs: number): Promise<ExtendOutcome> {
    const call: BackendCall = { op: 'extend', at: performance.now(), held, ttlMs };
    this.calls.push(call);
    return answer(this.#extend.shift() ?? this.extendDefault, call);
  }

  release(held: HeldKeys): Promise<ReleaseOutcome> {
    const call: BackendCall = { op: 'release', at: performance.now(), held };
    this.calls.push(call);
    return answer(this.#release.shift() ?? this.releaseDefault, call);
  }
}

/** Drift factor of `Locker`: validity of an instant acquire with ttl 1000 is 988 ms. */
export const DRIFT = 0.01;

/** A LockEngine over a FakeBackend, with the system clock (faked by vi.useFakeTimers). */
export function makeEngine(
  options: LockManagerOptions = {},
  backend = new FakeBackend(),
): { engine: LockEngine; backend: FakeBackend } {
  return { engine: new LockEngine(backend, resolveOptions(options, DRIFT)), backend };
}
