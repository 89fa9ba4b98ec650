import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['electron/**/*.integration.test.ts'],
          environment: 'node',
          globalSetup: ['e2e/rig/vitest-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The real servers are shared by all files, so the files run one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
