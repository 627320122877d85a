/**
 * qwak-batch: storage-based batch inference for Node.
 *
 * The root entry is light: configuration, the platform client and the error tree. Heavy parts have their own
 * subpaths: `qwak-batch/runner` (in-process runs, Apache Arrow), `qwak-batch/formats` (codecs),
 * `qwak-batch/storage`, `qwak-batch/s3`, `qwak-batch/gcs` (storage adapters), `qwak-batch/grpc`.
 *
 * @module
 */

export type { TokenProvider, TokenProviderOptions } from './api/auth/token-provider.js';
export { createTokenProvider, DEFAULT_AUTH_URL } from './api/auth/token-provider.js';
export type { ModelRef, RequestOptions, StartExecutionOptions } from './api/client.js';
export { BatchJobManagerClient } from './api/client.js';
export type { BatchJobManagerClientOptions } from './api/client-options.js';
export type { ExecutionStatusName, TaskStatusName } from './api/execution-status.js';
export {
  FAILURE_STATUSES,
  IN_PROGRESS_STATUSES,
  normalizeJobStatus,
  normalizeTaskStatus,
} from './api/execution-status.js';
export type { Logger } from './api/http/logger.js';
export type { FetchFunction } from './api/http/request-json.js';
export type { RetryPolicy } from './api/http/retry-policy.js';
export { DEFAULT_RETRY_POLICY } from './api/http/retry-policy.js';
export type { BucketPath, DeploymentSizeBody, StartJobBody } from './api/rest/start-job-body.js';
export { resolveBucketPath, toStartJobBody } from './api/rest/start-job-body.js';
export type {
  DownloadDetails,
  ExecutionDetails,
  ExecutionFiles,
  ExecutionReportLine,
  ExecutionStatus,
  ExecutionSummary,
  ExecutionTask,
  PreSignedUploadUrls,
  StartExecutionResult,
  TemporaryAwsCredentials,
  UploadDetails,
} from './api/results.js';
export type { PollErrorInfo, WaitForExecutionOptions } from './api/wait-for-execution.js';
export type {
  AdvancedOptionsFields,
  AdvancedOptionsInput,
  ConfigFileType,
  ExecutionConfigInput,
  ExecutionConfigObject,
  ExecutionConfigOptions,
  ExecutionConfigPatch,
  ExecutionFields,
  ExecutionInput,
  ExecutionObject,
  ExecutionPatch,
  ExecutionProperties,
  GpuType,
  PurchaseOption,
  ResourcesFields,
  ResourcesInput,
  WarmupFields,
  WarmupInput,
} from './config/index.js';
export {
  AdvancedOptions,
  Execution,
  ExecutionConfig,
  FILE_TYPE_VALUES,
  GPU_TYPE_VALUES,
  PURCHASE_OPTION_VALUES,
  parseDuration,
  parseMemory,
  Resources,
  Warmup,
} from './config/index.js';
export type { APIStatusErrorInit, ConfigIssue, FormatLocation, StorageOperation } from './errors.js';
export {
  AbortError,
  APIConnectionError,
  APIResponseError,
  APIStatusError,
  APITimeoutError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConfigError,
  ConflictError,
  DuplicateExecutionError,
  ExecutionFailedError,
  ExecutionStartError,
  FormatError,
  InternalServerError,
  JobError,
  JobTimeoutError,
  MissingDependencyError,
  NotFoundError,
  OperationRefusedError,
  PermissionDeniedError,
  PredictorError,
  QwakBatchError,
  RateLimitError,
  StorageAccessDeniedError,
  StorageError,
  StorageNotFoundError,
  TaskError,
  TaskTimeoutError,
  UnprocessableEntityError,
  UsageError,
} from './errors.js';
export { FILE_EXTENSIONS, FILE_TYPES, fileTypeForKey, parseFileType } from './formats/file-types.js';
export type { FileType } from './formats/types.js';
export type {
  InitializeContext,
  PredictContext,
  PredictFunction,
  PredictOutput,
  Predictor,
  PredictorObject,
} from './predictors/types.js';
export {
  BatchInferenceClient,
  type BatchInferenceClientOptions,
  runResultOf,
} from './runner/batch-inference-client.js';
export type {
  ExecutionConfigLike,
  FileCounts,
  LedgerRow,
  LeftOutEntry,
  LocalRunExtras,
  LocalRunOptions,
  ProgressEvent,
  ProgressSnapshot,
  RunResult,
  RunStatus,
  TaskStatus,
} from './runner/types.js';
export type { WorkerResourceLimits } from './runner/worker-limits.js';
export type {
  BucketFolder,
  GcsServiceAccountKey,
  GcsStorageOptions,
  IoOptions,
  ListOptions,
  LocalStorageOptions,
  S3Credentials,
  S3StorageOptions,
  SecretResolver,
  SkippedEntry,
  StorageAdapter,
  StorageLocation,
  StorageObject,
  StorageOptions,
  WriteInput,
  WriteOptions,
} from './storage/index.js';
export {
  createLocalStorage,
  envSecretResolver,
  openStorage,
  parseStorageUri,
  STORAGE_SCHEMES,
  storageUriFor,
} from './storage/index.js';
export { VERSION } from './version.js';
