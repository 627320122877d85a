import type { CodecOptions, CompiledWasmModule } from '../formats/index.js';
import type { FileType } from '../formats/types.js';
import type { WorkerResourceLimits } from './worker-limits.js';

/** What a worker thread is told once, at start (its `workerData`). */
export interface WorkerSetup {
  /** `file:` URL of the module predictor; absent when the worker only does codec work. */
  readonly predictorUrl: string | undefined;
  readonly modelId: string;
  readonly buildId: string | undefined;
  readonly parameters: Readonly<Record<string, string>>;
  /** The run's format options (`LocalRunOptions.formats`), plain data. */
  readonly codecOptions: CodecOptions;
  /**
   * parquet-wasm compiled once by the calling thread, when the run reads or writes Parquet: V8 shares compiled
   * code between threads, and compiling again in each worker cost about 0.25 s of CPU per worker per run.
   */
  readonly parquetWasmModule?: CompiledWasmModule | undefined;
  /** V8 heap limits of the worker (`LocalRunOptions.workerResourceLimits` over the defaults). */
  readonly resourceLimits: WorkerResourceLimits;
  /** Where the worker's stdout goes (`LocalRunOptions.modelOutput`); read by the pool, not by the worker. */
  readonly modelOutput: 'stdout' | 'stderr';
}

/**
 * One job for a worker. Byte payloads travel as transferred buffers (moved, not copied):
 * - `decode`: file bytes → Arrow IPC stream bytes of the decoded table;
 * - `encode`: Arrow IPC stream bytes → the output file's bytes;
 * - `process`: file bytes → decode → module predictor → encode → the output file's bytes.
 */
export type WorkerRequest =
  | {
      readonly kind: 'decode';
      readonly id: number;
      readonly file: string;
      readonly inputType: FileType;
      readonly bytes: Uint8Array;
    }
  | {
      readonly kind: 'encode';
      readonly id: number;
      readonly file: string;
      readonly outputType: FileType;
      readonly ipc: Uint8Array;
    }
  | {
      readonly kind: 'process';
      readonly id: number;
      readonly file: string;
      readonly destination: string;
      readonly inputType: FileType;
      readonly outputType: FileType;
      readonly bytes: Uint8Array;
    }
  | { readonly kind: 'abort'; readonly id: number }
  /** The run is over: call the predictor's `close()`, then answer `closed`. */
  | { readonly kind: 'close' }
  /** Which files has this thread loaded as modules (see `loadedModuleFiles`)? Answered by `modules`. */
  | { readonly kind: 'modules' };

/** An error crossing the thread boundary, enough to rebuild one of our error classes. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  readonly code: string | undefined;
  /** FormatError fields. */
  readonly format?: string | undefined;
  readonly file?: string | undefined;
  readonly row?: number | undefined;
  readonly column?: string | number | undefined;
  readonly offset?: number | undefined;
  readonly cause?: WireError | undefined;
  /** Other own fields of an SDK error (`uri`, `operation`, `packageName`, `timeoutSeconds`…), cloneable values only. */
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
}

/** A worker's answer to one request. */
export type WorkerResponse =
  | { readonly kind: 'ready' }
  | { readonly kind: 'closed' }
  /** The files the thread loaded as modules outside node_modules; `undefined` when it cannot tell. */
  | { readonly kind: 'modules'; readonly files: string[] | undefined }
  | { readonly kind: 'init-failed'; readonly error: WireError }
  | {
      readonly kind: 'done';
      readonly id: number;
      /** Decoded table as IPC (`decode`) or output file chunks (`encode`, `process`). */
      readonly chunks: Uint8Array[];
      readonly rowsIn: number | undefined;
      readonly rowsOut: number | undefined;
    }
  | { readonly kind: 'failed'; readonly id: number; readonly error: WireError };
