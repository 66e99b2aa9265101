// The checker against a brute-force model: holds on whole milliseconds, so the count of valid
// permits is constant over each [t, t + 1) and sampling every instant gives the exact answer.
// Runs with a fixed seed, then with FC_SEED or a fresh random seed; fast-check's failure
// message names the seed and the shrunk history: replay with FC_SEED=<seed>.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PermitHistory, type Hold } from '../../src/index.js';

const FIXED_SEED = 20_260_612;
const NUM_RUNS = 300;
const SEMAPHORES = ['a', 'b:c', '{t}'];
const LIMITS: Record<string, number> = { a: 1, 'b:c': 2, '{t}': 3 };

function seeds(): number[] {
  const fromEnv = process.env['FC_SEED'];
  const other =
    fromEnv === undefined ? (Date.now() ^ (Math.random() * 2 ** 31)) | 0 : Number(fromEnv);
  return [FIXED_SEED, other];
}

/** Holds of a few semaphores' slots on a short time line: open, expired, endless, empty. */
const holds: fc.Arbitrary<Hold[]> = fc
  .array(
    fc.record({
      semaphore: fc.constantFrom(...SEMAPHORES),
      slot: fc.nat(3),
      acquiredAt: fc.nat(40),
      held: fc.option(fc.nat(20), { nil: undefined }),
      validFor: fc.oneof(fc.integer({ min: -3, max: 25 }), fc.constant(Number.POSITIVE_INFINITY)),
    }),
    { maxLength: 30 },
  )
  .map((drafts) =>
    drafts.map(({ semaphore, slot, acquiredAt, held, validFor }, i) => ({
      resource: `${semaphore}:${slot}`,
      holder: `h${i}`,
      acquiredAt,
      validUntil: acquiredAt + validFor,
      releasedAt: held === undefined ? undefined : acquiredAt + held,
      fence: undefined,
    })),
  );

interface ModelStretch {
  readonly semaphore: string;
  readonly from: number;
  until: number;
  at: number;
  permits: number;
  holders: string[];
}

/** Every instant from 0 to past the last finite time, counted by brute force. */
function model(all: readonly Hold[]): { peaks: Map<string, number>; stretches: ModelStretch[] } {
  const valid = (h: Hold, t: number): boolean =>
    h.acquiredAt <= t && t < Math.min(h.releasedAt ?? Number.POSITIVE_INFINITY, h.validUntil);
  const peaks = new Map<string, number>();
  const stretches: ModelStretch[] = [];
  for (const semaphore of SEMAPHORES) {
    const mine = all.filter((h) => h.resource.slice(0, h.resource.lastIndexOf(':')) === semaphore);
    if (mine.length === 0) continue;
    let peak = 0;
    let current: ModelStretch | undefined;
    for (let t = 0; t <= 100; t++) {
      const held = mine.filter((h) => valid(h, t));
      peak = Math.max(peak, held.length);
      if (held.length > LIMITS[semaphore]!) {
        if (current === undefined) {
          current = {
            semaphore,
            from: t,
            until: Number.POSITIVE_INFINITY,
            at: t,
            permits: 0,
            holders: [],
          };
          stretches.push(current);
        }
        if (held.length > current.permits) {
          Object.assign(current, {
            at: t,
            permits: held.length,
            holders: held.map((h) => h.holder),
          });
        }
      } else if (current !== undefined) {
        current.until = t;
        current = undefined;
      }
    }
    peaks.set(semaphore, peak);
  }
  return { peaks, stretches };
}

describe('PermitHistory against a brute-force count', () => {
  it.each(seeds())('finds exactly the over-admissions and peaks (seed %i)', (seed) => {
    fc.assert(
      fc.property(holds, fc.integer({ min: 0, max: 3 }), (recorded, examplesPerResource) => {
        const history = new PermitHistory({
          limit: (semaphore) => LIMITS[semaphore]!,
          now: () => 0,
          examplesPerResource,
        });
        for (const hold of recorded) history.record(hold);
        const report = history.check();
        const expected = model(recorded);
        expect(report.holds).toBe(recorded.length);
        expect(report.open).toBe(recorded.filter((h) => h.releasedAt === undefined).length);
        expect(report.peaks).toEqual(
          [...expected.peaks]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([semaphore, peak]) => ({ semaphore, peak, limit: LIMITS[semaphore] })),
        );
        expect(report.overAdmissions.count).toBe(expected.stretches.length);
        const kept = SEMAPHORES.toSorted().flatMap((semaphore) =>
          expected.stretches.filter((s) => s.semaphore === semaphore).slice(0, examplesPerResource),
        );
        expect(
          report.overAdmissions.examples.map(({ holds: held, ...rest }) => ({
            ...rest,
            holders: held.map((h) => h.holder).sort(),
          })),
        ).toEqual(
          kept.map(({ holders, ...rest }) => ({
            ...rest,
            limit: LIMITS[rest.semaphore],
            holders: holders.sort(),
          })),
        );
        for (const { holds: held } of report.overAdmissions.examples) {
          const times = held.map((h) => h.acquiredAt);
          expect(times).toEqual(times.toSorted((a, b) => a - b));
        }
      }),
      { seed, numRuns: NUM_RUNS },
    );
  });

  it('does not depend on the order holds were recorded in', () => {
    fc.assert(
      fc.property(
        holds.chain((recorded) =>
          fc.tuple(
            fc.constant(recorded),
            fc.shuffledSubarray(recorded, { minLength: recorded.length }),
          ),
        ),
        ([recorded, shuffled]) => {
          const check = (order: readonly Hold[]) => {
            const history = new PermitHistory({ limit: 2 });
            for (const hold of order) history.record(hold);
            const report = history.check();
            return {
              ...report,
              overAdmissions: report.overAdmissions.examples.map((o) => ({
                ...o,
                holds: o.holds.map((h) => h.holder).sort(),
              })),
            };
          };
          expect(check(shuffled)).toEqual(check(recorded));
        },
      ),
      { seed: FIXED_SEED, numRuns: 100 },
    );
  });
});
