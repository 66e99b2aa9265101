// For the vitest examples (docs/examples/*.test.ts), run by run-examples.mjs; the packages
// resolve to their built dist/, as they would for a user.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['examples/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
