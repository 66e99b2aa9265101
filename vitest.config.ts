import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the "source" export
// condition, so tests never depend on a stale dist/.
// The container project needs a Docker engine (scripts/container-e2e.sh provisions one); it is
// defined only when REDQUORUM_CONTAINER_TESTS=1, so `vitest run` and `pnpm test` never run it.
const containerProjects =
  process.env['REDQUORUM_CONTAINER_TESTS'] === '1'
    ? [
        {
          extends: true,
          test: {
            name: 'container',
            include: ['packages/*/test/container/**/*.test.ts'],
            testTimeout: 120_000,
            hookTimeout: 120_000,
            fileParallelism: false,
          },
        },
      ]
    : [];

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/test/unit/**/*.test.ts', 'packages/*/test/types/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['packages/*/test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Integration files start their own redis-server processes; two cores are shared
          // with those servers, so files run one after another.
          fileParallelism: false,
        },
      },
      ...containerProjects,
    ],
  },
});
