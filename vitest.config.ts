import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Servers (radosgw, the GCS JSON-API server) are started once for the whole run by these files.
    globalSetup: ['test/setup/global-setup.ts'],
    reporters: ['default'],
  },
});
