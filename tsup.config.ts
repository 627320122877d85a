import { defineConfig, type Options } from 'tsup';

/**
 * Library entries: each is a subpath of the package (see `exports` in package.json). Heavy parts get their
 * own subpath so that `import { BatchJobManagerClient } from 'qwak-batch'` loads neither Arrow nor a cloud SDK.
 */
const library = {
  index: 'src/index.ts',
  formats: 'src/formats/index.ts',
  storage: 'src/storage/index.ts',
  s3: 'src/storage/s3/index.ts',
  gcs: 'src/storage/gcs/index.ts',
  runner: 'src/runner/index.ts',
  grpc: 'src/api/grpc/index.ts',
};

/** Shared by both builds: error classes keep their names (`error.name`), and packages are never inlined. */
const common: Options = {
  target: 'node20',
  platform: 'node',
  keepNames: true,
  external: ['parquet-wasm'],
};

export default defineConfig([
  {
    entry: library,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    ...common,
    splitting: true,
    treeshake: true,
    outDir: 'dist',
  },
  {
    // Executables: the CLI and the worker-thread entry. ESM only; they are loaded by path, never imported.
    entry: { 'cli/main': 'src/cli/main.ts', 'runner/worker': 'src/runner/worker-entry.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    ...common,
    splitting: true,
    outDir: 'dist',
  },
]);
