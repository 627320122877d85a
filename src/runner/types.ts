import type { CodecOptions } from '../formats/registry.js';
import type { FileType } from '../formats/types.js';
import type { RealtimePredictorOptions } from '../predictors/realtime-endpoint.js';
import type { Predictor } from '../predictors/types.js';
import type { StorageOptions } from '../storage/options.js';
import type { WorkerResourceLimits } from './worker-limits.js';

/** Options of {@link BatchInferenceClient.localFileRun}: the seed's `local_file_run` names, in camelCase. */
export interface LocalRunOptions {
  /** The model id, as on the platform. Names the real-time endpoint when no `model` is given. */
  readonly modelId: string;
  /** Build id, passed to the predictor's context. */
  readonly buildId?: string;
  /** Folder of input files: `file://…`, `s3://bucket/prefix` or `gs://bucket/prefix` (a plain path is local). */
  readonly sourceFolder: string;
  /**
   * Folder for output files (created if missing): `file://…`, `s3://…` or `gs://…`. A local folder that is a file,
   * or lies under one, is refused before any input is read (`StorageError`, code `STORAGE_NOT_A_FOLDER`).
   */
  readonly destinationFolder: string;
  /** `csv`, `parquet` or `feather`: selects the input files by extension. Required. */
  readonly inputFileType: FileType | string;
  /** `csv`, `parquet` or `feather`. Default: the input type. */
  readonly outputFileType?: FileType | string;
  /** Bound on the whole run, in seconds (fractions allowed). Default `0`: none. */
  readonly jobTimeout?: number;
  /** Bound on one file's task, in seconds (fractions allowed); passing it fails the run. Default `0`: none. */
  readonly taskTimeout?: number;
  /** Tasks run at once (the platform's pods). Default: the number of CPUs (`os.availableParallelism()`). */
  readonly executors?: number;
  /** The platform's instance type: accepted, so that one config runs both ways; no effect on a local run. */
  readonly instance?: string;
  /** IAM role to assume for `s3://` folders (passed to the S3 adapter). */
  readonly iamRoleArn?: string;
  /** Key/value parameters: in the predictor's context, and the environment variables of worker threads. */
  readonly parameters?: Readonly<Record<string, string>>;
  /**
   * The predictor: a function, an object with `predict()` (both run on the calling thread), or the path /
   * `file:` URL of a module exporting either (loaded in each worker thread). Default: the deployed
   * real-time endpoint of `modelId`.
   */
  readonly model?: Predictor | string;
  /** Options of the real-time endpoint predictor used when `model` is not given (auth, environment…). */
  readonly endpoint?: Omit<RealtimePredictorOptions, 'modelId'>;
  /**
   * Options for opening the source and destination folders, both opened with the same ones: `local` for
   * `file://` folders (`fsync`, `followLinks`), `s3` and `gcs` for buckets (credentials, endpoints), the secret
   * resolver.
   */
  readonly storage?: StorageOptions;
  /**
   * Options of the file formats, each codec reading its own part: how CSV is parsed and written (delimiter,
   * column types…), the compression, row-group size and encodings of written Parquet, the compression of
   * written Feather. Default: each codec's defaults (see docs/formats.md). Invalid options fail the run before
   * any file is read, with a `UsageError` naming the option.
   */
  readonly formats?: CodecOptions;
  /**
   * Failed files tolerated before the run fails. Default `0`: the first failure fails the run, as on the
   * platform. Up to this many failed files, the others still run and the run `finished`, unless every file
   * failed (at least one file, none succeeded or was skipped): then the run is `failed`, since it wrote nothing.
   */
  readonly maxFailedFiles?: number;
  /** Skip inputs whose output already exists (outputs are written atomically, so one that exists is complete). */
  readonly resume?: boolean;
  /** List what would run and check each input's header or footer, without predicting or writing. */
  readonly dryRun?: boolean;
  /**
   * Run codec work and module predictors in worker threads. Default `true`. With `false`, everything runs
   * on the calling thread (useful for debugging a model).
   */
  readonly threads?: boolean;
  /**
   * V8 heap limits of each worker thread, in MB (see {@link WorkerResourceLimits}). Default: a 4 MB young heap
   * (lower peak memory), V8's defaults otherwise. Set `maxOldGenerationSizeMb` to make a model that runs away
   * with memory fail its task instead of the process.
   */
  readonly workerResourceLimits?: WorkerResourceLimits;
  /**
   * Where a module model's standard output in worker threads goes (`console.log`, `process.stdout`): `'stdout'`,
   * as Node sends it, or `'stderr'`, so that this process's stdout holds only what it prints itself (the CLI's
   * ledger or `--json` result). A function predictor runs on the calling thread and writes where it writes.
   * Default `'stdout'`.
   */
  readonly modelOutput?: 'stdout' | 'stderr';
  /** Stops the run: running tasks are aborted, the promise rejects with an `AbortError`. */
  readonly signal?: AbortSignal;
  /** Called for every progress event. A listener that throws is ignored. */
  readonly onProgress?: (event: ProgressEvent) => void;
}

/** What became of one file. `planned` only in dry runs. */
export type TaskStatus = 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'planned';

/** One row of the run ledger: one input file. */
export interface LedgerRow {
  /** Source URI. */
  readonly source: string;
  /** Destination URI. */
  readonly destination: string;
  readonly status: TaskStatus;
  /** Rows decoded from the input (in dry runs: rows from the footer, when it tells). */
  readonly rowsIn: number | undefined;
  /** Rows written. */
  readonly rowsOut: number | undefined;
  /** Size of the input, in bytes. */
  readonly bytesIn: number;
  /** Size of the output, in bytes. */
  readonly bytesOut: number | undefined;
  /** Time spent on the task, in milliseconds. */
  readonly durationMs: number;
  /** Why the task failed or was cancelled: a `TaskError` (or a `FormatError` in a dry run). */
  readonly error: Error | undefined;
  /** Columns of the input (dry runs only). */
  readonly columns?: readonly string[];
}

/** An entry of the source folder with the input type's extension that the run could not take as a file. */
export interface LeftOutEntry {
  /** Its URI. */
  readonly source: string;
  /** Why, e.g. `a symbolic link to a file outside the folder (followLinks, or --follow-links in the CLI, reads through it)`. */
  readonly reason: string;
}

/**
 * Final state of a run, named as the platform names execution states: `finished` (every file succeeded or was
 * skipped, or up to `maxFailedFiles` failed beside others that succeeded), `failed` (more files failed than
 * `maxFailedFiles` allows, or every file failed, or the run stopped on an error), `cancelled` (its `signal`
 * fired), `timeout` (its `jobTimeout` passed).
 */
export type RunStatus = 'finished' | 'failed' | 'cancelled' | 'timeout';

/** Counts of files by status. */
export interface FileCounts {
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
  readonly cancelled: number;
}

/** The result of a local run: what the platform's report would say, file by file. */
export interface RunResult {
  /** A generated id, `local-<uuid>`. */
  readonly executionId: string;
  readonly status: RunStatus;
  /** True for a dry run: nothing was predicted or written. */
  readonly dryRun: boolean;
  readonly sourceFolder: string;
  readonly destinationFolder: string;
  readonly inputFileType: FileType;
  readonly outputFileType: FileType;
  /** One row per input file, in task (sorted) order. */
  readonly ledger: readonly LedgerRow[];
  /**
   * Entries of the source folder with the input type's extension that are not in the ledger, because they are
   * not files the run may read: in a local folder, symbolic links that lead outside it or nowhere, FIFOs,
   * sockets. Empty for buckets.
   */
  readonly leftOut: readonly LeftOutEntry[];
  readonly files: FileCounts;
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** Wall time of the run, in milliseconds. */
  readonly durationMs: number;
}

/** Totals carried by every progress event. */
export interface ProgressSnapshot {
  /** Files finished (succeeded, failed or skipped). */
  readonly done: number;
  readonly total: number;
  readonly failed: number;
  /** Input rows per second since the run started. */
  readonly rowsPerSecond: number;
  /** Estimated seconds left, from the input bytes still to do; `undefined` until a file is done. */
  readonly etaSeconds: number | undefined;
}

/** A progress event. */
export type ProgressEvent =
  | {
      readonly type: 'run-started';
      readonly executionId: string;
      readonly total: number;
      readonly bytes: number;
      /** Entries with the input type's extension that will not run (see {@link RunResult.leftOut}). */
      readonly leftOut: readonly LeftOutEntry[];
    }
  | { readonly type: 'task-started'; readonly source: string; readonly progress: ProgressSnapshot }
  | { readonly type: 'task-finished'; readonly row: LedgerRow; readonly progress: ProgressSnapshot }
  | { readonly type: 'task-skipped'; readonly row: LedgerRow; readonly progress: ProgressSnapshot }
  | {
      readonly type: 'task-failed';
      readonly row: LedgerRow;
      readonly error: Error;
      readonly progress: ProgressSnapshot;
    }
  | { readonly type: 'run-finished'; readonly result: RunResult };

/**
 * The part of an `ExecutionConfig` a local run reads (the class of `qwak-batch`'s config module, or its
 * `toObject()` form).
 */
export interface ExecutionConfigLike {
  readonly execution: {
    readonly modelId: string;
    readonly buildId?: string | undefined;
    readonly bucket?: string | undefined;
    readonly sourceBucket?: string | undefined;
    readonly destinationBucket?: string | undefined;
    readonly sourceFolder: string;
    readonly destinationFolder: string;
    readonly inputFileType?: string | undefined;
    readonly outputFileType?: string | undefined;
    readonly accessTokenName?: string | undefined;
    readonly accessSecretName?: string | undefined;
    readonly serviceAccountKeySecretName?: string | undefined;
    readonly jobTimeout?: number | undefined;
    readonly fileTimeout?: number | undefined;
    readonly parameters?: Readonly<Record<string, string>> | undefined;
    readonly advancedOptions?: { readonly iamRoleArn?: string | undefined } | undefined;
  };
  readonly resources?:
    | { readonly pods?: number | undefined; readonly instance?: string | undefined }
    | undefined;
}

/** Options that go with an `ExecutionConfig` for a local run (everything the config does not hold). */
export type LocalRunExtras = Partial<
  Pick<
    LocalRunOptions,
    | 'model'
    | 'endpoint'
    | 'storage'
    | 'formats'
    | 'maxFailedFiles'
    | 'resume'
    | 'dryRun'
    | 'threads'
    | 'workerResourceLimits'
    | 'modelOutput'
    | 'signal'
    | 'onProgress'
    | 'executors'
    | 'taskTimeout'
  >
>;
