import type { Table } from 'apache-arrow';
import { BatchJobManagerClient } from '../api/client.js';
import type { BatchJobManagerClientOptions } from '../api/client-options.js';
import type {
  PlatformFileRunOptions,
  PlatformFileRunResult,
  RunTableOptions,
} from '../api/platform-run/types.js';
import { JobError, UsageError } from '../errors.js';
import { isExecutionConfig, mergeStorageOptions, optionsFromConfig } from './normalize-options.js';
import type { ExecutionConfigLike, LocalRunExtras, LocalRunOptions, RunResult } from './types.js';
import type { WorkerPoolCache } from './worker-pool-cache.js';

/** Longest delay a Node timer takes (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Defaults that apply to every run of a {@link BatchInferenceClient}. */
export interface BatchInferenceClientOptions {
  /**
   * Options for opening the source and destination folders, both opened with the same ones: `local` for
   * `file://` folders (`fsync`, `followLinks`), `s3` and `gcs` for buckets (credentials, endpoints), the secret
   * resolver.
   */
  readonly storage?: LocalRunOptions['storage'];
  /** Options of the real-time endpoint predictor (auth, environment) used when a run has no `model`. */
  readonly endpoint?: LocalRunOptions['endpoint'];
  /**
   * The platform client used by {@link BatchInferenceClient.platformFileRun} and {@link BatchInferenceClient.run}:
   * a client, or the options to build one. @default a client built from the environment (`QWAK_TOKEN`, …)
   */
  readonly platform?: BatchJobManagerClient | BatchJobManagerClientOptions;
  /**
   * Milliseconds that a local run's worker threads, with their loaded model and warmed-up code, are kept after
   * the run for the next run that needs the same ones: same model module (and model file, by size and
   * modification time), model id, build id, parameters, format options, number of workers and process
   * environment. A notebook or a service that runs batch after batch then skips the threads' start (about
   * 0.15 s) and their warm-up (a fresh thread runs its first files 2-3x slower than later ones): see
   * docs/performance.md. With kept threads, the model's `initialize()` runs once per thread rather than once per
   * run, and its `close()` when the threads end: after this idle time, or at {@link BatchInferenceClient.close}.
   * Kept threads never keep the process alive (at exit they end without `close()`). A run also gets new
   * threads when a file the old ones loaded as a module outside `node_modules` (a file the model imports) was
   * modified since they started. Not noticed: data files the model reads itself, modules it imports only inside
   * `predict()`, and packages in `node_modules`: call `close()` after changing those.
   * @default 0 (the threads end with each run)
   */
  readonly workerIdleTimeout?: number;
}

/**
 * Runs batch inference in this process, over `file://`, `s3://` or `gs://` folders, as the platform would run
 * the same execution: the SDK's counterpart of the platform client's `BatchInferenceClient`.
 *
 * ```ts
 * const client = new BatchInferenceClient();
 * const result = await client.localFileRun({
 *   modelId: 'churn', sourceFolder: 'file:///data/in', destinationFolder: 'file:///data/out',
 *   inputFileType: 'csv', model: './models/churn.mjs',
 * });
 * ```
 */
export class BatchInferenceClient {
  private readonly defaults: BatchInferenceClientOptions;
  private manager: BatchJobManagerClient | undefined;
  /** Worker threads kept between runs, when `workerIdleTimeout` > 0; made on the first local run. */
  private pools: WorkerPoolCache | undefined;

  constructor(options: BatchInferenceClientOptions = {}) {
    const idle = options.workerIdleTimeout;
    if (idle !== undefined && !(typeof idle === 'number' && idle >= 0 && idle <= MAX_TIMER_MS)) {
      throw new UsageError(
        `workerIdleTimeout must be a number of milliseconds from 0 to ${MAX_TIMER_MS}, not ${String(idle)}`,
      );
    }
    this.defaults = { ...options };
  }

  /** The platform client, built on first use so that local runs need no credentials. */
  private platform(): BatchJobManagerClient {
    const given = this.defaults.platform;
    this.manager ??= given instanceof BatchJobManagerClient ? given : new BatchJobManagerClient(given);
    return this.manager;
  }

  /**
   * Runs `model` over every file of the input type in the source folder, one task per file, at most
   * `executors` at once, and writes one output per input to the destination folder.
   *
   * Accepts local-run options, or an `ExecutionConfig` (with `extras` for what a config does not hold:
   * `model`, `signal`, `onProgress`, `resume`…), so that one config runs locally or on the platform.
   *
   * @returns the run's result, with a ledger row per file.
   * @throws `JobError` (with `error.result`) when more files failed than `maxFailedFiles` allows;
   *   `JobTimeoutError` when the job timeout passed; `AbortError` when `signal` fired; `ConfigError` for
   *   invalid options; `JobError` with code `JOB_NO_INPUT` when the folder has no file of the input type.
   */
  localFileRun(options: LocalRunOptions): Promise<RunResult>;
  localFileRun(config: ExecutionConfigLike, extras?: LocalRunExtras): Promise<RunResult>;
  async localFileRun(
    options: LocalRunOptions | ExecutionConfigLike,
    extras: LocalRunExtras = {},
  ): Promise<RunResult> {
    const plain = isExecutionConfig(options) ? optionsFromConfig(options, extras) : options;
    // Loaded on first use: the engine brings Apache Arrow and the codecs, which the root entry must not load.
    const [{ localRun }, { WorkerPoolCache }] = await Promise.all([
      import('./local-run.js'),
      import('./worker-pool-cache.js'),
    ]);
    const idle = this.defaults.workerIdleTimeout ?? 0;
    if (idle > 0) this.pools ??= new WorkerPoolCache(idle);
    return localRun(
      {
        ...plain,
        storage: mergeStorageOptions(this.defaults.storage, plain.storage),
        endpoint: plain.endpoint ?? this.defaults.endpoint,
      },
      this.pools,
    );
  }

  /**
   * Ends the worker threads kept by `workerIdleTimeout` (each calls its model's `close()`). The client stays
   * usable: a later run starts new threads. Resolves at once when none are kept.
   */
  async close(): Promise<void> {
    const pools = this.pools;
    this.pools = undefined;
    await pools?.close();
  }

  /**
   * Runs local files on the platform, as the platform's Python client does: uploads the input files of
   * `config.execution.sourceFolder` with the platform's temporary credentials, starts the execution on the
   * deployed model, waits for it, and downloads the outputs into `destinationFolder`.
   */
  async platformFileRun(options: PlatformFileRunOptions): Promise<PlatformFileRunResult> {
    const { platformFileRun } = await import('../api/platform-run/platform-file-run.js');
    return platformFileRun(this.platform(), options);
  }

  /**
   * Runs an Arrow table on the platform, as the Python client's `run(df, batch_size)`: splits it into files of
   * `batchSize` rows, uploads them through pre-signed URLs, runs, downloads and concatenates the results in
   * input order.
   */
  async run(table: Table, options: RunTableOptions = {}): Promise<Table> {
    const { runTable } = await import('../api/platform-run/run-table.js');
    return runTable(this.platform(), table, options);
  }
}

/** The result a failed run left on its error (`JobError.result`), typed; `undefined` for other errors. */
export function runResultOf(error: unknown): RunResult | undefined {
  if (!(error instanceof JobError)) return undefined;
  const result = error.result as RunResult | undefined;
  return result && Array.isArray(result.ledger) ? result : undefined;
}
