// Random programs of lock operations over several managers, run on real nodes and checked
// against a model: at most one held lock per resource at any instant, fences strictly
// increasing per resource, no lock key left in Redis once every lock is released.
import fc from 'fast-check';
import { LockAcquireError, LockNotHeldError, type Lock, type LockManager } from '@redquorum/core';

/** One step of a program. Steps between two `sync` steps are started in the same tick. */
export type Step =
  | { readonly op: 'acquire'; readonly manager: number; readonly resources: number[] }
  | { readonly op: 'try'; readonly manager: number; readonly resources: number[] }
  | { readonly op: 'using'; readonly manager: number; readonly resources: number[] }
  | { readonly op: 'extend'; readonly lock: number }
  | { readonly op: 'release'; readonly lock: number }
  | { readonly op: 'sync' };

/** What a program run found wrong; empty when the model held. */
export interface ProgramVerdict {
  readonly violations: string[];
  /** Every token a lock of this run held: none may remain as a key's value afterwards. */
  readonly tokens: Set<string>;
  readonly acquired: number;
}

const resourceSet = (names: number) =>
  fc.uniqueArray(fc.nat({ max: names - 1 }), { minLength: 1, maxLength: Math.min(3, names) });

/** Programs over `managers` managers and `names` resource names (indexes into a pool). */
export function programs(managers: number, names: number, maxSteps = 24): fc.Arbitrary<Step[]> {
  const manager = fc.nat({ max: managers - 1 });
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ op: fc.constant('acquire' as const), manager, resources: resourceSet(names) }),
    fc.record({ op: fc.constant('try' as const), manager, resources: resourceSet(names) }),
    fc.record({ op: fc.constant('using' as const), manager, resources: resourceSet(names) }),
    fc.record({ op: fc.constant('extend' as const), lock: fc.nat({ max: 7 }) }),
    fc.record({ op: fc.constant('release' as const), lock: fc.nat({ max: 7 }) }),
    fc.constant({ op: 'sync' as const }),
  );
  return fc.array(step, { minLength: 1, maxLength: maxSteps });
}

/** Names that survive a UTF-8 round trip (a lone surrogate would reach Redis as U+FFFD). */
const encodable = (name: string): boolean =>
  name.length > 0 && Buffer.from(name, 'utf8').toString('utf8') === name;

/**
 * A key prefix and a pool of distinct resource names, drawn to be hostile: any Unicode,
 * newlines, braces, colons, fence-counter suffixes, names that embed the prefix, long names.
 */
export function namePools(size: number): fc.Arbitrary<{ prefix: string; names: string[] }> {
  const tricky = fc.constantFrom('a', 'b', '\n', '{', '}', ':', '{x}', 'x}', 'x}:fence', ':fence');
  const anyName = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 });
  const longName = fc.string({ minLength: 1_000, maxLength: 3_000 });
  return fc.string({ unit: 'binary', maxLength: 6 }).chain((prefix) => {
    const embedded = fc
      .tuple(fc.oneof(tricky, anyName), fc.oneof(tricky, anyName))
      .map(([a, b]) => `${a}\n${prefix}${b}`);
    const suffixed = fc.oneof(tricky, anyName).map((a) => `${a}}:fence`);
    const name = fc.oneof(
      { weight: 4, arbitrary: tricky },
      { weight: 4, arbitrary: anyName },
      { weight: 2, arbitrary: embedded },
      { weight: 2, arbitrary: suffixed },
      { weight: 1, arbitrary: longName },
    );
    return fc
      .uniqueArray(name.filter(encodable), { minLength: size, maxLength: size })
      .map((names) => ({ prefix, names }));
  });
}

/** Runs `program` on `managers`, checking the model as every operation settles. */
export async function runProgram(
  managers: readonly LockManager[],
  names: readonly string[],
  program: readonly Step[],
  fencing: boolean,
): Promise<ProgramVerdict> {
  const violations: string[] = [];
  const tokens = new Set<string>();
  const holder = new Map<string, Lock>();
  const lastFence = new Map<string, bigint>();
  const live: Lock[] = [];
  let acquired = 0;
  let pending: Promise<unknown>[] = [];

  const took = (lock: Lock, label: string): void => {
    acquired++;
    tokens.add(lock.token);
    for (const resource of lock.resources) {
      const other = holder.get(resource);
      if (other !== undefined && other !== lock && other.held) {
        violations.push(`${label}: ${JSON.stringify(resource)} already held by another lock`);
      }
      holder.set(resource, lock);
      if (fencing) {
        const before = lastFence.get(resource);
        if (lock.fence === undefined) violations.push(`${label}: no fence`);
        else if (before !== undefined && lock.fence <= before) {
          violations.push(`${label}: fence ${lock.fence} after ${before} on ${resource}`);
        } else lastFence.set(resource, lock.fence);
      }
    }
  };
  const expected = (error: unknown): boolean =>
    error instanceof LockAcquireError && (error.reason === 'taken' || error.reason === 'timeout');
  const fail = (label: string) => (error: unknown) => {
    if (!expected(error)) violations.push(`${label}: ${String(error)}`);
  };

  for (const [index, step] of program.entries()) {
    const label = `step ${index} ${step.op}`;
    switch (step.op) {
      case 'sync':
        // Everything started since the last sync shares ticks (batches, queues, handoffs).
        await Promise.all(pending);
        pending = [];
        break;
      case 'acquire':
      case 'try': {
        const resources = step.resources.map((i) => names[i]!);
        const manager = managers[step.manager]!;
        const call =
          step.op === 'acquire'
            ? manager.acquire(resources, { acquireTimeoutMs: 60 })
            : manager.tryAcquire(resources);
        pending.push(
          call.then((lock) => {
            if (lock === undefined) return;
            took(lock, label);
            live.push(lock);
          }, fail(label)),
        );
        break;
      }
      case 'using': {
        const resources = step.resources.map((i) => names[i]!);
        const work = async (_signal: AbortSignal, lock: Lock): Promise<void> => {
          took(lock, label);
          await Promise.resolve();
        };
        const manager = managers[step.manager]!;
        pending.push(manager.using(resources, work, { acquireTimeoutMs: 60 }).catch(fail(label)));
        break;
      }
      case 'extend':
      case 'release': {
        const lock = live.length === 0 ? undefined : live[step.lock % live.length];
        if (lock === undefined || !lock.held) break;
        if (step.op === 'extend') {
          const extended = lock.extend().then(
            () => undefined,
            (error: unknown) => {
              // Released in the same tick, before the extension ran: refused, rightly.
              if (error instanceof LockNotHeldError && !lock.held) return;
              violations.push(`${label}: extend of a held lock failed: ${String(error)}`);
            },
          );
          pending.push(extended);
        } else {
          live.splice(live.indexOf(lock), 1);
          const released = lock.release().catch((error: unknown) => {
            violations.push(`${label}: release of a held lock failed: ${String(error)}`);
          });
          pending.push(released);
        }
        break;
      }
    }
  }
  // Steps run as far as each sync: wait for everything started, then release what is held.
  await Promise.all(pending);
  await settleAll(live, violations);
  return { violations, tokens, acquired };
}

async function settleAll(live: Lock[], violations: string[]): Promise<void> {
  for (const lock of live) {
    if (!lock.held) continue;
    await lock.release().catch((error: unknown) => {
      violations.push(`final release failed: ${String(error)}`);
    });
  }
}
