/**
 * qwak-batch: storage-based batch inference for Node.
 *
 * The root entry is light: configuration, the platform client and the error tree. Heavy parts have their own
 * subpaths: `qwak-batch/runner` (in-process runs, Apache Arrow), `qwak-batch/formats` (codecs),
 * `qwak-batch/storage`, `qwak-batch/s3`, `qwak-batch/gcs` (storage adapters), `qwak-batch/grpc`.
 *
 * @module
 */

export type { BucketPath, DeploymentSizeBody, StartJobBody } from './api/rest/start-job-body.js';
export { resolveBucketPath, toStartJobBody } from './api/rest/start-job-body.js';
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
  ApiError,
  APIResponseError,
  APIStatusError,
  APITimeoutError,
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
export { VERSION } from './version.js';
