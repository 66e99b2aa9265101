// For the vitest examples (docs/examples/*.test.ts) and the guides' vitest blocks (written to
// examples/dist/run-<pid>/guides/), run by run-examples.mjs; the packages resolve to their built dist/,
// as they would for a user.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['examples/*.test.ts', 'examples/dist/*/guides/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
