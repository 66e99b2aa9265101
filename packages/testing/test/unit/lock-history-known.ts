// Histories with a known answer for the property tests: disjoint holds per resource, with
// overlaps, overruns and fence regressions injected at random places, each kept in its own
// stretch of time so that it is exactly one finding.
import fc from 'fast-check';
import type { Hold } from '../../src/index.js';

type Kind = 'clean' | 'overlap' | 'overrun' | 'regression';

interface Segment {
  readonly kind: Kind;
  readonly resource: string;
  readonly gap: number;
  readonly length: number;
  readonly offset: number;
  readonly extra: number;
  readonly holders: readonly [string, string];
}

/** A history and what a sound checker must find in it. */
export interface KnownHistory {
  readonly holds: readonly Hold[];
  readonly now: number;
  readonly open: number;
  /** Per kind: the injected findings as keys (see {@link key}), by resource. */
  readonly overlaps: ReadonlyMap<string, readonly string[]>;
  readonly overruns: ReadonlyMap<string, readonly string[]>;
  readonly fenceRegressions: ReadonlyMap<string, readonly string[]>;
  readonly fenced: boolean;
}

/** Names a hold: every hold of a generated history has its own key. */
export function key(hold: Hold): string {
  return `${hold.resource}@${hold.acquiredAt}-${hold.releasedAt}/${hold.validUntil}#${hold.fence}`;
}

const holder = fc.constantFrom('a', 'b');
const segment: fc.Arbitrary<Segment> = fc.record({
  kind: fc.constantFrom<Kind>('clean', 'clean', 'overlap', 'overrun', 'regression'),
  resource: fc.constantFrom('x', 'y', 'z'),
  gap: fc.nat(3),
  length: fc.integer({ min: 2, max: 20 }),
  offset: fc.nat(100),
  extra: fc.nat(5),
  holders: fc.tuple(holder, holder),
});

function build(fenced: boolean, segments: readonly Segment[], openLast: boolean): KnownHistory {
  const holds: Hold[] = [];
  const cursor = new Map<string, number>();
  const fences = new Map<string, bigint>();
  const found = {
    overlaps: new Map<string, string[]>(),
    overruns: new Map<string, string[]>(),
    fenceRegressions: new Map<string, string[]>(),
  };
  const note = (kind: keyof typeof found, resource: string, ...pair: Hold[]): void => {
    const list = found[kind].get(resource) ?? [];
    list.push(pair.map(key).join('|'));
    found[kind].set(resource, list);
  };
  const add = (hold: Omit<Hold, 'fence' | 'validUntil'>, validUntil?: number): Hold => {
    const last = fences.get(hold.resource) ?? 0n;
    const fence = fenced ? last + 1n : undefined;
    if (fence !== undefined) fences.set(hold.resource, fence);
    // A distinct validity past the release keeps every key distinct.
    const made = { ...hold, fence, validUntil: validUntil ?? hold.releasedAt! + 1 + holds.length };
    holds.push(made);
    return made;
  };
  for (const { kind, resource, gap, length, offset, extra, holders } of segments) {
    const start = (cursor.get(resource) ?? 0) + gap;
    const [h1, h2] = holders;
    const base = { resource, holder: h1, acquiredAt: start };
    if (kind === 'overlap') {
      // b is acquired while a is valid (possibly at the same instant).
      const a = add({ ...base, releasedAt: start + length });
      const b = add({
        ...base,
        holder: h2,
        acquiredAt: start + (offset % length),
        releasedAt: start + length + extra,
      });
      note('overlaps', resource, a, b);
      cursor.set(resource, start + length + extra);
    } else if (kind === 'overrun') {
      // a's validity ends at start + v; it acts until start + length; b comes in between.
      const v = 1 + (offset % (length - 1));
      const a = add({ ...base, releasedAt: start + length }, start + v);
      const bAt = start + v + (extra % (length - v));
      const b = add({ ...base, holder: h2, acquiredAt: bAt, releasedAt: start + length + extra });
      note('overruns', resource, a, b);
      cursor.set(resource, start + length + extra);
    } else if (kind === 'regression' && fences.has(resource)) {
      const greatest = holds.find(
        (h) => h.resource === resource && h.fence === fences.get(resource),
      )!;
      const fence = greatest.fence! - (BigInt(offset) % greatest.fence!);
      const made = {
        ...base,
        releasedAt: start + length,
        validUntil: start + length + 1 + holds.length,
        fence,
      };
      holds.push(made);
      note('fenceRegressions', resource, greatest, made);
      cursor.set(resource, start + length);
    } else {
      add(
        { ...base, releasedAt: start + length },
        start + 1 + ((offset + holds.length) % (length + 5)),
      );
      cursor.set(resource, start + length);
    }
  }
  const now = Math.max(0, ...cursor.values()) + 1_000;
  let open = 0;
  for (const [resource, end] of openLast ? cursor : []) {
    // Last on its resource: open until the check, past its validity, over nothing.
    add({ resource, holder: 'a', acquiredAt: end, releasedAt: undefined }, end + 1 + holds.length);
    open++;
  }
  return { holds, now, open, fenced, ...found };
}

/** Known histories, their holds shuffled into some recording order. */
export const knownHistory: fc.Arbitrary<KnownHistory> = fc
  .tuple(fc.boolean(), fc.array(segment, { maxLength: 40 }), fc.boolean())
  .map(([fenced, segments, openLast]) => build(fenced, segments, openLast))
  .chain((history) =>
    fc
      .shuffledSubarray([...history.holds], {
        minLength: history.holds.length,
        maxLength: history.holds.length,
      })
      .map((holds) => ({ ...history, holds })),
  );
