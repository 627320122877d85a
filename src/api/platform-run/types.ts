import type { ExecutionConfig } from '../../config/index.js';
import type { S3StorageOptions } from '../../storage/index.js';
import type { StartExecutionOptions } from '../client.js';
import type {
  DownloadDetails,
  ExecutionStatus,
  PreSignedUploadUrls,
  StartExecutionResult,
  UploadDetails,
} from '../results.js';
import type { WaitForExecutionOptions } from '../wait-for-execution.js';

/** What a platform run needs from the client (a BatchJobManagerClient fits). */
export interface PlatformRunManager {
  getUploadDetails(modelId: string, options?: { signal?: AbortSignal | undefined }): Promise<UploadDetails>;
  getDownloadDetails(
    executionId: string,
    options?: { signal?: AbortSignal | undefined },
  ): Promise<DownloadDetails>;
  getPreSignedUploadUrls(
    modelId: string,
    count: number,
    fileType: string,
    options?: { signal?: AbortSignal | undefined },
  ): Promise<PreSignedUploadUrls>;
  getPreSignedDownloadUrls(
    executionId: string,
    options?: { signal?: AbortSignal | undefined },
  ): Promise<string[]>;
  startExecution(config: ExecutionConfig, options?: StartExecutionOptions): Promise<StartExecutionResult>;
  waitForExecution(executionId: string, options?: WaitForExecutionOptions): Promise<ExecutionStatus>;
}

/** Options every platform run shares. */
export interface PlatformRunCommonOptions {
  /** Stops uploading, waiting and downloading (an execution already started keeps running). */
  readonly signal?: AbortSignal | undefined;
  /** Time between two status polls, in milliseconds. @default 10000 */
  readonly pollInterval?: number | undefined;
  /** Longest wait for the execution, in milliseconds. @default no limit */
  readonly timeout?: number | undefined;
  /** Called with each new status while the execution runs. */
  readonly onProgress?: ((status: ExecutionStatus) => void) | undefined;
}

/** Options of `BatchInferenceClient.platformFileRun`. */
export interface PlatformFileRunOptions extends PlatformRunCommonOptions {
  /**
   * The execution. Its `sourceFolder` and `destinationFolder` are local folders (`file://…` URIs or paths);
   * model, build, file types, resources, timeouts and parameters are used as given. Bucket and secret names
   * are replaced by the platform's own bucket.
   */
  readonly config: ExecutionConfig;
  /**
   * Settings of the S3 client for the platform's bucket (region, endpoint for S3-compatible stores). The
   * credentials are always the temporary ones the platform hands out.
   * @default AWS, the SDK's region
   */
  readonly s3?: Omit<
    S3StorageOptions,
    'credentials' | 'accessTokenName' | 'accessSecretName' | 'iamRoleArn' | 'client'
  >;
}

/** What `BatchInferenceClient.platformFileRun` resolves to. */
export interface PlatformFileRunResult {
  readonly executionId: string;
  /** The final status (FINISHED). */
  readonly status: ExecutionStatus;
  /** Input files uploaded, as URIs in the platform's bucket. */
  readonly uploaded: readonly string[];
  /** Output files written to the destination folder, as URIs. */
  readonly downloaded: readonly string[];
}

/** Options of `BatchInferenceClient.run`. */
export interface RunTableOptions extends PlatformRunCommonOptions {
  /**
   * The execution: model, build, resources, timeouts, parameters, file types. Buckets and folders are
   * replaced by the platform's (the pre-signed URLs). Give either this or `modelId`.
   */
  readonly config?: ExecutionConfig | undefined;
  /** The deployed model, when no `config` is given. */
  readonly modelId?: string | undefined;
  /**
   * Rows per uploaded file; the platform predicts each file in its own task.
   * @default 100000
   */
  readonly batchSize?: number | undefined;
  /**
   * Type of the uploaded and downloaded files.
   * @default the config's input and output types, or `parquet` without a config
   */
  readonly fileType?: 'csv' | 'parquet' | 'feather' | undefined;
  /** The fetch function for the pre-signed URLs. @default globalThis.fetch */
  readonly fetch?: ((input: string, init: RequestInit) => Promise<Response>) | undefined;
}
