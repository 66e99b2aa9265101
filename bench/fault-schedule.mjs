// A seeded schedule of node faults for scenario G's faults phase, replayed identically for
// every library: every ~everyMs one node goes down for ~downMs. Down is either a crash
// (SIGKILL, then a restart without its data: the bench's nodes keep nothing) or a pause
// (SIGSTOP, then SIGCONT: the node keeps its data and answers late what it was sent).
import { setTimeout as sleep } from 'node:timers/promises';
import { seededRandom } from '@redquorum/testing';

/** The faults of one window: `{ atMs, node, downMs }`, `atMs` from the window's start. */
export function faultSchedule({ seed, nodeCount, durationMs, everyMs, downMs }) {
  const random = seededRandom(seed);
  const spread = (ms) => Math.round(ms * (0.5 + random()));
  const faults = [];
  for (let atMs = spread(everyMs); atMs < durationMs; atMs += spread(everyMs)) {
    faults.push({ atMs, node: Math.floor(random() * nodeCount), downMs: spread(downMs) });
  }
  return faults;
}

const DOWN = {
  crash: { down: (node) => node.kill(), up: (node) => node.restart({ keepData: false }) },
  pause: { down: (node) => node.pause(), up: (node) => node.resume() },
};

/**
 * Plays `faults` of one kind (`'crash'` or `'pause'`) against `nodes` from now on; resolves
 * once every node is back. A node hit again while still down comes back in turn (its
 * lifecycle calls are queued).
 */
export async function playFaults(nodes, faults, kind) {
  const { down, up } = DOWN[kind];
  const start = performance.now();
  await Promise.all(
    faults.map(async ({ atMs, node, downMs }) => {
      await sleep(Math.max(0, start + atMs - performance.now()));
      await down(nodes.at(node));
      await sleep(downMs);
      await up(nodes.at(node));
    }),
  );
}
