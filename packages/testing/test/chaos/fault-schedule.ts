import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisNodes } from '@redquorum/testing';
import { between, pickDistinct } from './mulberry32.js';

/** The faults of the chaos schedule. Each but the majority partition hits 1 or 2 nodes of 5. */
export const FAULT_KINDS = [
  'kill-restart',
  'pause',
  'partition',
  'latency',
  'reset',
  'majority-partition',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One injected fault, for the report: when, what, on which nodes, for how long. */
export interface FaultEvent {
  readonly atMs: number;
  readonly kind: FaultKind;
  readonly nodes: readonly number[];
  readonly forMs: number;
}

const MINORITY_KINDS = FAULT_KINDS.filter((kind) => kind !== 'majority-partition');

/**
 * Injects faults one at a time for `durationMs`, drawn from `random`: each lasts a while and is
 * undone before the next. Once, somewhere in the middle, a majority is partitioned away. Sleeps
 * here pace the schedule; they wait for no condition.
 * @returns Every fault injected, in order.
 */
export async function runFaultSchedule(
  nodes: RedisNodes,
  random: () => number,
  durationMs: number,
): Promise<FaultEvent[]> {
  const events: FaultEvent[] = [];
  const start = performance.now();
  const majorityAtMs = durationMs * (0.3 + 0.4 * random());
  let majorityDone = false;
  try {
    while (performance.now() - start < durationMs) {
      const atMs = Math.round(performance.now() - start);
      const majority: boolean = !majorityDone && atMs >= majorityAtMs;
      majorityDone ||= majority;
      const kind = majority
        ? 'majority-partition'
        : MINORITY_KINDS[between(random, 0, MINORITY_KINDS.length - 1)]!;
      const targets = pickDistinct(random, nodes.size, majority ? 3 : between(random, 1, 2));
      const forMs = kind === 'reset' ? 0 : between(random, 100, majority ? 1_000 : 1_500);
      events.push({ atMs, kind, nodes: targets, forMs });
      await inject(nodes, kind, targets, forMs, random);
      await sleep(between(random, 100, 500));
    }
  } finally {
    await restoreAll(nodes);
  }
  return events;
}

async function inject(
  nodes: RedisNodes,
  kind: FaultKind,
  targets: readonly number[],
  forMs: number,
  random: () => number,
): Promise<void> {
  const each = (action: (index: number) => unknown) =>
    Promise.all(targets.map(async (index) => action(index)));
  switch (kind) {
    case 'kill-restart':
      await each((index) => nodes.at(index).kill());
      await sleep(forMs);
      // AOF always: the node comes back with every acknowledged write.
      await each((index) => nodes.at(index).restart({ keepData: true }));
      return;
    case 'pause':
      await each((index) => nodes.at(index).pause());
      await sleep(forMs);
      await each((index) => nodes.at(index).resume());
      return;
    case 'partition':
    case 'majority-partition':
      nodes.partition(targets);
      await sleep(forMs);
      nodes.heal();
      return;
    case 'latency': {
      const ms = between(random, 10, 60);
      await each((index) => nodes.at(index).latency(ms, { jitterMs: Math.floor(ms / 2) }));
      await sleep(forMs);
      await each((index) => nodes.at(index).latency(0));
      return;
    }
    case 'reset':
      await each((index) => nodes.at(index).reset());
      return;
  }
}

/** Undoes whatever fault was in progress when the schedule stopped (by an error, say). */
async function restoreAll(nodes: RedisNodes): Promise<void> {
  nodes.heal();
  for (const node of nodes.nodes) {
    node.latency(0);
    if (node.state === 'paused') await node.resume();
    if (node.state === 'stopped') await node.restart({ keepData: true });
  }
}
