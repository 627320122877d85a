import { MissingDependencyError } from '../../errors.js';

/** The parts of parquet-wasm the codec uses. */
export type ParquetWasm = typeof import('parquet-wasm/node');

let loading: Promise<ParquetWasm> | undefined;

/**
 * Loads parquet-wasm on first use: it compiles about 5 MB of WebAssembly, which only a Parquet run should
 * pay for.
 */
export function loadParquetWasm(): Promise<ParquetWasm> {
  loading ??= import('parquet-wasm/node').then(
    (m) =>
      (m as { default?: ParquetWasm }).default?.readParquet ? (m as { default: ParquetWasm }).default : m,
    (error: unknown) => {
      loading = undefined;
      throw new MissingDependencyError('parquet-wasm', 'Reading and writing Parquet', { cause: error });
    },
  );
  return loading;
}
