import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { MissingDependencyError } from '../../errors.js';

/**
 * A compiled WebAssembly module (a `WebAssembly.Module`), kept opaque so that the package's type declarations
 * do not depend on the DOM or WebAssembly type libraries.
 */
export type CompiledWasmModule = object;

/** The parts of parquet-wasm the codec uses. */
export type ParquetWasm = typeof import('parquet-wasm/esm');

let given: CompiledWasmModule | undefined;
let compiling: Promise<CompiledWasmModule> | undefined;
let loading: Promise<ParquetWasm> | undefined;

/** The global `WebAssembly` object (typed here: the project's `lib` has no DOM types). */
function wasmApi(): { compile(bytes: Uint8Array): Promise<CompiledWasmModule> } {
  return (
    globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<CompiledWasmModule> } }
  ).WebAssembly;
}

function missing(error: unknown): MissingDependencyError {
  return new MissingDependencyError('parquet-wasm', 'Reading and writing Parquet', { cause: error });
}

/**
 * Compiles parquet-wasm's WebAssembly (about 5 MB) once per thread, on first use: only a Parquet run should
 * pay for it. The runner compiles it once in the main thread and hands the module to its worker threads
 * ({@link useParquetWasmModule}), since V8 shares compiled code between the threads of one process; compiling
 * again in each worker cost about 0.25 s of CPU per worker per run.
 */
export function compileParquetWasm(): Promise<CompiledWasmModule> {
  if (given) return Promise.resolve(given);
  compiling ??= (async () => {
    // `import.meta.url` first: a `node -e` host defines a global `__filename` ('[eval]'), which would resolve
    // from the working directory. In the CommonJS build `import.meta` is empty and `__filename` is ours.
    const here = (import.meta as { url?: string }).url ?? __filename;
    const path = createRequire(here).resolve('parquet-wasm/esm/parquet_wasm_bg.wasm');
    return wasmApi().compile(await readFile(path));
  })().catch((error: unknown) => {
    compiling = undefined;
    throw missing(error);
  });
  return compiling;
}

/** Gives this thread a module compiled by another thread of the process, before the codec's first use. */
export function useParquetWasmModule(module: CompiledWasmModule): void {
  given = module;
}

/** Loads parquet-wasm once per thread: the JS glue, instantiated on the compiled module. */
export function loadParquetWasm(): Promise<ParquetWasm> {
  loading ??= (async () => {
    const [glue, module] = await Promise.all([
      import('parquet-wasm/esm').catch((error: unknown) => {
        throw missing(error);
      }),
      compileParquetWasm(),
    ]);
    // The module is a `WebAssembly.Module`, typed opaquely above.
    glue.initSync({ module: module as never });
    return glue;
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
