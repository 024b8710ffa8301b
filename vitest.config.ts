import { defineConfig } from 'vitest/config'

/** One test command for every package: unit tests beside the code, cross-package ones in tests/. */
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'shared', include: ['shared/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'server', include: ['server/src/**/*.test.ts'] } },
      // Pure modules of the app only; components are tested in a real browser (tests/e2e).
      { extends: true, test: { name: 'app', include: ['app/src/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
