// A: one loop, acquire+release of a fresh resource, as fast as it goes.
import { throughput } from './throughput.mjs';

export default {
  id: 'A',
  title: 'sequential acquire+release',
  metric: 'cycles/s',
  nodeCounts: [1, 5],
  run: (ctx) => throughput({ ...ctx, reps: ctx.abReps }, ctx.contenders, 1, 'a'),
};
