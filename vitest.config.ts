import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A throwaway PostgreSQL cluster when none is given (TEST_DATABASE_URL) and the server binaries are here.
    globalSetup: ['test/helpers/global-setup.ts'],
    // Real HTTP servers, real SQLite and real child processes: keep the two cores from thrashing.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
