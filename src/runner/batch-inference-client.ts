import type { Table } from 'apache-arrow';
import { BatchJobManagerClient } from '../api/client.js';
import type { BatchJobManagerClientOptions } from '../api/client-options.js';
import type {
  PlatformFileRunOptions,
  PlatformFileRunResult,
  RunTableOptions,
} from '../api/platform-run/types.js';
import { JobError } from '../errors.js';
import { isExecutionConfig, mergeStorageOptions, optionsFromConfig } from './normalize-options.js';
import type { ExecutionConfigLike, LocalRunExtras, LocalRunOptions, RunResult } from './types.js';

/** Defaults that apply to every run of a {@link BatchInferenceClient}. */
export interface BatchInferenceClientOptions {
  /** Options for opening `s3://` and `gs://` folders (credentials, endpoints, secret resolver). */
  readonly storage?: LocalRunOptions['storage'];
  /** Options of the real-time endpoint predictor (auth, environment) used when a run has no `model`. */
  readonly endpoint?: LocalRunOptions['endpoint'];
  /**
   * The platform client used by {@link BatchInferenceClient.platformFileRun} and {@link BatchInferenceClient.run}:
   * a client, or the options to build one. @default a client built from the environment (`QWAK_TOKEN`, …)
   */
  readonly platform?: BatchJobManagerClient | BatchJobManagerClientOptions;
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

  constructor(options: BatchInferenceClientOptions = {}) {
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
    const { localRun } = await import('./local-run.js');
    return localRun({
      ...plain,
      storage: mergeStorageOptions(this.defaults.storage, plain.storage),
      endpoint: plain.endpoint ?? this.defaults.endpoint,
    });
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
