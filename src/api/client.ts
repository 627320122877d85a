import type { ExecutionConfig } from '../config/index.js';
import { DuplicateExecutionError, OperationRefusedError, UsageError } from '../errors.js';
import { createTokenProvider, type TokenProvider } from './auth/token-provider.js';
import { positiveOr, resolveBaseUrl, resolveGrpcUrl, resolveTransport } from './client-addresses.js';
import { type BatchJobManagerClientOptions, DEFAULT_TIMEOUT_MS } from './client-options.js';
import { findRunningDuplicate } from './find-running-duplicate.js';
import type { BatchJobMethod, GrpcTransport } from './grpc/index.js';
import type * as M from './grpc/messages.js';
import {
  readDetails,
  readDownloadDetails,
  readStatus,
  readSummary,
  readUploadDetails,
} from './grpc/read-messages.js';
import { toStartBatchJobRequest, toStartWarmupRequest } from './grpc/start-job-request.js';
import { authorizedRequest } from './http/authorized-request.js';
import type { HttpContext } from './http/request-json.js';
import { resolveRetryPolicy } from './http/retry-policy.js';
import { joinUrl } from './http/secure-url.js';
import { readStartJobAnswer, START_JOB_PATH } from './rest/start-job-answer.js';
import { toStartJobBody } from './rest/start-job-body.js';
import type {
  DownloadDetails,
  ExecutionDetails,
  ExecutionStatus,
  ExecutionSummary,
  ExecutionTask,
  PreSignedUploadUrls,
  StartExecutionResult,
  UploadDetails,
} from './results.js';
import { type WaitForExecutionOptions, waitForExecution } from './wait-for-execution.js';

/** Options of one call. */
export interface RequestOptions {
  /** Stops the call (and any wait between retries); the call then rejects with an AbortError. */
  readonly signal?: AbortSignal | undefined;
  /** Per-attempt timeout of this call, in milliseconds. @default the client's `timeout` */
  readonly timeout?: number | undefined;
}

/** Options of {@link BatchJobManagerClient.startExecution}. */
export interface StartExecutionOptions extends RequestOptions {
  /**
   * When the platform refuses the start because an identical execution (same model, build, buckets and
   * folders) is running, resolve with that execution's id (`reused: true`) instead of rejecting with
   * DuplicateExecutionError. Needs gRPC (ListBatchJobs, GetBatchJobDetails).
   * @default false
   */
  readonly reuseRunning?: boolean | undefined;
}

/** A model (and optionally a build) to warm up or stop warming up. */
export type ModelRef = ExecutionConfig | { readonly modelId: string; readonly buildId?: string | undefined };

const AUTH_KEYS = ['token', 'apiKey', 'authUrl', 'fetch', 'env', 'retry', 'timeout', 'logger'] as const;

/**
 * The platform's batch job manager: start, follow, inspect and cancel executions of a deployed model over
 * files in a bucket. Starting works over REST or gRPC (`transport`); everything else is gRPC, loaded on the
 * first such call. Call {@link close} when done with gRPC, so the channel does not keep the process alive.
 *
 * ```ts
 * const client = new BatchJobManagerClient({ environment: 'acme' }); // token from QWAK_TOKEN or QWAK_API_KEY
 * const { executionId } = await client.startExecution(config);
 * await client.waitForExecution(executionId, { onProgress: (s) => console.log(s.finishedFiles, '/', s.totalFiles) });
 * ```
 */
export class BatchJobManagerClient {
  /** The REST base URL in use, without a trailing slash. */
  readonly baseUrl: string;
  /** The gRPC address in use, e.g. `https://grpc.acme.qwak.ai:443`. */
  readonly grpcUrl: string;
  /** How `startExecution` is sent: `rest` or `grpc`. */
  readonly transport: 'rest' | 'grpc';
  readonly #options: Readonly<BatchJobManagerClientOptions>;
  #tokens: TokenProvider;
  readonly #http: HttpContext;
  #grpc: Promise<GrpcTransport> | undefined;

  constructor(options: BatchJobManagerClientOptions = {}) {
    this.#options = Object.freeze({ ...options });
    const env = options.env ?? process.env;
    const base = resolveBaseUrl(options, env);
    this.baseUrl = base.href.replace(/\/+$/, '');
    this.grpcUrl = resolveGrpcUrl(options, base);
    this.transport = resolveTransport(options.transport);
    this.#tokens = createTokenProvider({ ...options, env });
    this.#http = {
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      retry: resolveRetryPolicy(options.retry),
      timeout: positiveOr(options.timeout, DEFAULT_TIMEOUT_MS, 'timeout'),
      logger: options.logger,
      secrets: () => this.#tokens.secrets(),
    };
  }

  /** The options this client was built with, frozen (secrets included: do not log it). */
  get options(): Readonly<BatchJobManagerClientOptions> {
    return this.#options;
  }

  /**
   * A new client with `patch` laid over this client's options; this client is unchanged. When the patch
   * leaves the credentials alone, both clients share one cached token.
   */
  withOptions(patch: BatchJobManagerClientOptions): BatchJobManagerClient {
    const next = new BatchJobManagerClient({ ...this.#options, ...patch });
    if (!AUTH_KEYS.some((key) => key in patch)) next.#tokens = this.#tokens;
    return next;
  }

  /**
   * Starts an execution of `config`. Resolves when the platform accepted it; rejects with
   * ExecutionStartError (DuplicateExecutionError when an identical execution is running, unless
   * `reuseRunning`) when it refused, or with an ApiError when it could not be reached.
   */
  async startExecution(
    config: ExecutionConfig,
    options: StartExecutionOptions = {},
  ): Promise<StartExecutionResult> {
    try {
      return this.transport === 'grpc'
        ? await this.#startOverGrpc(config, options)
        : await this.#startOverRest(config, options);
    } catch (error) {
      if (!options.reuseRunning || !(error instanceof DuplicateExecutionError)) throw error;
      const running = await findRunningDuplicate(this, config, options.signal);
      if (!running) throw error;
      this.#options.logger?.debug?.(
        `Reusing the running execution ${running} of model ${config.execution.modelId}`,
      );
      return { executionId: running, success: true, failureMessage: error.failureMessage, reused: true };
    }
  }

  /** The status of an execution: normalized and raw state, finished and total files. */
  async getExecutionStatus(executionId: string, options: RequestOptions = {}): Promise<ExecutionStatus> {
    const m = await this.#rpc<M.GetBatchJobStatusResponse>(
      'GetBatchJobStatus',
      { batch_id: id(executionId) },
      options,
    );
    refuseUnless(m.success, m.failure_message, `give the status of execution ${executionId}`);
    return readStatus(executionId, m);
  }

  /** Cancels an execution. */
  async cancelExecution(executionId: string, options: RequestOptions = {}): Promise<void> {
    const m = await this.#rpc<M.SuccessResponse>('CancelBatchJob', { batch_id: id(executionId) }, options);
    refuseUnless(m.success, m.failure_message, `cancel execution ${executionId}`);
  }

  /** The report lines of an execution (what the platform logged about it). */
  async getExecutionReport(executionId: string, options: RequestOptions = {}): Promise<string[]> {
    const m = await this.#rpc<M.GetBatchJobReportResponse>(
      'GetBatchJobReport',
      { batch_id: id(executionId) },
      options,
    );
    refuseUnless(m.successful, m.failure_message, `give the report of execution ${executionId}`);
    return m.report_messages;
  }

  /** The executions of a model (of one build, when given), newest first as the platform lists them. */
  async *listExecutions(
    modelId: string,
    buildId?: string,
    options: RequestOptions = {},
  ): AsyncIterable<ExecutionSummary> {
    const request = { model_id: id(modelId, 'modelId'), ...(buildId ? { build_id: buildId } : {}) };
    const m = await this.#rpc<M.ListBatchJobsResponse>('ListBatchJobs', request, options);
    for (const job of m.batch_jobs) yield readSummary(job);
  }

  /** Everything about an execution: state, times, records, report lines, files and tasks. */
  async getExecutionDetails(executionId: string, options: RequestOptions = {}): Promise<ExecutionDetails> {
    const m = await this.#rpc<M.GetBatchJobDetailsResponse>(
      'GetBatchJobDetails',
      { job_id: id(executionId) },
      options,
    );
    refuseUnless(
      m.success && m.batch_job !== null,
      m.failure_message,
      `give the details of execution ${executionId}`,
    );
    return readDetails(m.batch_job!);
  }

  /** The tasks (one per file) of an execution: id, state, file name, records, start and end. */
  async listExecutionTasks(executionId: string, options: RequestOptions = {}): Promise<ExecutionTask[]> {
    return [...(await this.getExecutionDetails(executionId, options)).tasks];
  }

  /**
   * Polls an execution until it ends: resolves on FINISHED, rejects with ExecutionFailedError (with the
   * report lines) on FAILED, CANCELLED or TIMEOUT, and with APITimeoutError when `timeout` passes first.
   * Transient errors are polled through, up to `maxConsecutiveErrors` (default 5) failed polls in a row;
   * then it rejects with the last error. Other errors (401, 403, 404, a refusal) reject at once.
   */
  waitForExecution(executionId: string, options: WaitForExecutionOptions = {}): Promise<ExecutionStatus> {
    return waitForExecution(this, executionId, options);
  }

  /** Warms up a model's pods for coming executions (`warmup.timeout` and `resources` of the config). */
  async startWarmup(model: ExecutionConfig, options: RequestOptions = {}): Promise<void> {
    const m = await this.#rpc<M.SuccessResponse>('StartWarmupJob', toStartWarmupRequest(model), options);
    refuseUnless(m.success, m.failure_message, `warm up model ${model.execution.modelId}`);
  }

  /** Stops warming up a model. */
  async cancelWarmup(model: ModelRef, options: RequestOptions = {}): Promise<void> {
    const ref = 'execution' in model ? model.execution : model;
    const request = {
      model_id: id(ref.modelId, 'modelId'),
      ...(ref.buildId ? { build_id: ref.buildId } : {}),
    };
    const m = await this.#rpc<M.SuccessResponse>('CancelWarmupJob', request, options);
    refuseUnless(m.success, m.failure_message, `stop warming up model ${ref.modelId}`);
  }

  /** Where to upload input files for a model, with temporary AWS credentials for that bucket. */
  async getUploadDetails(modelId: string, options: RequestOptions = {}): Promise<UploadDetails> {
    const request = { model_id: id(modelId, 'modelId') };
    return readUploadDetails(
      await this.#rpc<M.GetBatchJobUploadDetailsResponse>('GetBatchJobUploadDetails', request, options),
    );
  }

  /** Where an execution's outputs are, with temporary AWS credentials for that bucket. */
  async getDownloadDetails(executionId: string, options: RequestOptions = {}): Promise<DownloadDetails> {
    const request = { job_id: id(executionId) };
    return readDownloadDetails(
      await this.#rpc<M.GetBatchJobDownloadDetailsResponse>('GetBatchJobDownloadDetails', request, options),
    );
  }

  /** `count` pre-signed PUT URLs for input files of `fileType` (`csv`, `parquet`, `feather`). */
  async getPreSignedUploadUrls(
    modelId: string,
    count: number,
    fileType: string,
    options: RequestOptions = {},
  ): Promise<PreSignedUploadUrls> {
    if (!Number.isInteger(count) || count < 1)
      throw new UsageError(`count must be a whole number above 0, got ${count}`);
    const request = { model_id: id(modelId, 'modelId'), number_of_files: count, file_type: fileType };
    const m = await this.#rpc<M.GetBatchJobPreSignedUploadUrlResponse>(
      'GetBatchJobPreSignedUploadUrl',
      request,
      options,
    );
    refuseUnless(m.success, m.failure_message, `give upload URLs for model ${modelId}`);
    return { bucket: m.bucket, inputPath: m.input_path, outputPath: m.output_path, urls: m.urls };
  }

  /** Pre-signed GET URLs of an execution's output files. */
  async getPreSignedDownloadUrls(executionId: string, options: RequestOptions = {}): Promise<string[]> {
    const request = { job_id: id(executionId) };
    const m = await this.#rpc<M.GetBatchJobPreSignedDownloadUrlResponse>(
      'GetBatchJobPreSignedDownloadUrl',
      request,
      options,
    );
    refuseUnless(m.success, m.failure_message, `give download URLs for execution ${executionId}`);
    return m.urls;
  }

  /** Closes the gRPC channel, if one was opened. The client opens a new one on its next gRPC call. */
  async close(): Promise<void> {
    const grpc = this.#grpc;
    this.#grpc = undefined;
    if (grpc) (await grpc.catch(() => undefined))?.close();
  }

  /** The token provider in use (shared by the REST and gRPC calls). @internal */
  get tokenProvider(): TokenProvider {
    return this.#tokens;
  }

  async #startOverRest(config: ExecutionConfig, options: RequestOptions): Promise<StartExecutionResult> {
    const url = joinUrl(new URL(this.baseUrl), START_JOB_PATH);
    const body = toStartJobBody(config);
    const { signal, timeout } = options;
    const response = await authorizedRequest(this.#http, this.#tokens, {
      method: 'POST',
      url,
      body,
      signal,
      timeout,
    });
    return readStartJobAnswer(response.body, { method: 'POST', url });
  }

  async #startOverGrpc(config: ExecutionConfig, options: RequestOptions): Promise<StartExecutionResult> {
    const m = await this.#rpc<M.StartBatchJobResponse>(
      'StartBatchJob',
      toStartBatchJobRequest(config),
      options,
    );
    return readStartJobAnswer(m, { method: 'StartBatchJob', url: `${this.grpcUrl}/StartBatchJob` });
  }

  async #rpc<T>(method: BatchJobMethod, request: object, options: RequestOptions): Promise<T> {
    this.#grpc ??= this.#openGrpc();
    const transport = await this.#grpc;
    return transport.call<T>(method, request, { signal: options.signal, timeout: options.timeout });
  }

  async #openGrpc(): Promise<GrpcTransport> {
    const { createGrpcTransport } = await import('./grpc/index.js');
    const opening = createGrpcTransport({
      url: this.grpcUrl,
      tokens: this.#tokens,
      retry: this.#http.retry,
      timeout: this.#http.timeout,
      logger: this.#options.logger,
    });
    // A failed open (e.g. @grpc/grpc-js missing) is not cached: the next call tries again.
    opening.catch(() => {
      this.#grpc = undefined;
    });
    return opening;
  }
}

function refuseUnless(ok: boolean, failureMessage: string, operation: string): void {
  if (!ok) throw new OperationRefusedError(operation, failureMessage);
}

function id(value: string, name = 'executionId'): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new UsageError(`${name} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}
