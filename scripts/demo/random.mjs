// The demo's seeded PRNG comes from the harness, so a run can be repeated with --seed.
export { seededRandom } from '../../packages/testing/dist/index.js';
