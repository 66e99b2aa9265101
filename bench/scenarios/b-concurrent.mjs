// B: 64 concurrent loops, each acquire+release of fresh resources.
import { throughput } from './throughput.mjs';

export default {
  id: 'B',
  title: '64 concurrent loops, distinct resources',
  metric: 'cycles/s',
  nodeCounts: [1, 5],
  run: (ctx) => throughput({ ...ctx, reps: ctx.abReps }, ctx.contenders, 64, 'b'),
};
