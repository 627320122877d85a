import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Tests that need the built package (worker threads load built files) import it by name; it resolves to dist. */
const built = (file: string) => fileURLToPath(new URL(`./dist/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [{ find: /^qwak-batch\/runner$/, replacement: built('runner.js') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Servers (radosgw, the GCS JSON-API server) are started once for the whole run by these files.
    globalSetup: ['test/setup/global-setup.ts'],
    // In CI, a JSON report too, from which .ci/run prints its closing "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.tmp/vitest-results.json' },
  },
});
