import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { FILE_TYPES } from '../formats/file-types.js';
import type { FileType } from '../formats/types.js';
import type { StorageOptions } from '../storage/options.js';
import { unknownOptionIssues } from './option-names.js';
import type { ExecutionConfigLike, LocalRunExtras, LocalRunOptions } from './types.js';
import { type WorkerResourceLimits, workerLimits } from './worker-limits.js';

/** Options of a run after defaults and checks. */
export interface NormalizedRun extends Omit<LocalRunOptions, 'inputFileType' | 'outputFileType'> {
  readonly inputFileType: FileType;
  readonly outputFileType: FileType;
  readonly executors: number;
  readonly jobTimeout: number;
  readonly taskTimeout: number;
  readonly maxFailedFiles: number;
  readonly parameters: Readonly<Record<string, string>>;
  readonly storage: StorageOptions;
  readonly workerResourceLimits: WorkerResourceLimits;
  readonly modelOutput: 'stdout' | 'stderr';
}

/** True when `value` looks like an `ExecutionConfig` (or its plain-object form). */
export function isExecutionConfig(value: unknown): value is ExecutionConfigLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ExecutionConfigLike).execution === 'object'
  );
}

/**
 * Maps an `ExecutionConfig` onto local-run options: `pods` → `executors`, `fileTimeout` → `taskTimeout`,
 * bucket and folder pairs → URIs. A folder that already holds a URI is taken as is; a bucket without a
 * scheme is an S3 bucket, or a GCS one when the config names a service-account key secret (as on the
 * platform, where that secret is what gives access to Google Cloud).
 */
export function optionsFromConfig(config: ExecutionConfigLike, extras: LocalRunExtras = {}): LocalRunOptions {
  const e = config.execution;
  const scheme = e.serviceAccountKeySecretName ? 'gs' : 's3';
  const s3 = { accessTokenName: e.accessTokenName, accessSecretName: e.accessSecretName };
  const gcs = { serviceAccountKeySecretName: e.serviceAccountKeySecretName };
  const storage = extras.storage ?? {};
  return {
    ...extras,
    modelId: e.modelId,
    buildId: e.buildId,
    sourceFolder: folderUri(e.sourceBucket ?? e.bucket, e.sourceFolder, scheme),
    destinationFolder: folderUri(e.destinationBucket ?? e.bucket, e.destinationFolder, scheme),
    inputFileType: e.inputFileType ?? 'csv',
    outputFileType: e.outputFileType ?? e.inputFileType ?? 'csv',
    jobTimeout: e.jobTimeout ?? 0,
    taskTimeout: extras.taskTimeout ?? e.fileTimeout ?? 0,
    executors: extras.executors ?? (config.resources?.pods || undefined),
    instance: config.resources?.instance,
    iamRoleArn: e.advancedOptions?.iamRoleArn,
    parameters: e.parameters ?? {},
    storage: {
      ...storage,
      s3: { ...dropUndefined(s3), ...storage.s3 },
      gcs: { ...dropUndefined(gcs), ...storage.gcs },
    },
  };
}

function folderUri(bucket: string | undefined, folder: string, scheme: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(folder) || !bucket) return folder;
  const root = /^[a-z][a-z0-9+.-]*:\/\//i.test(bucket) ? bucket : `${scheme}://${bucket}`;
  return `${root.replace(/\/+$/, '')}/${folder.replace(/^\/+/, '')}`;
}

function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

/** Applies defaults and checks every option at once; throws one {@link ConfigError} listing all problems. */
export function normalizeOptions(options: LocalRunOptions): NormalizedRun {
  const issues: ConfigIssue[] = unknownOptionIssues(options);
  const text = (name: keyof LocalRunOptions, fix: string) => {
    const value = options[name];
    if (typeof value !== 'string' || value.trim() === '')
      issues.push({ path: name, message: `required: ${fix}` });
  };
  text('modelId', 'the model id, as displayed on the model header');
  text('sourceFolder', 'a folder URI such as file:///data/in or s3://bucket/in');
  text('destinationFolder', 'a folder URI such as file:///data/out or s3://bucket/out');
  const inputFileType = fileType(options.inputFileType, 'inputFileType', issues, true);
  const outputFileType = fileType(options.outputFileType ?? inputFileType, 'outputFileType', issues, false);
  const seconds = (name: 'jobTimeout' | 'taskTimeout') => {
    const value = options[name] ?? 0;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      issues.push({
        path: name,
        message: `must be a number of seconds >= 0 (0 = no timeout); got ${String(value)}`,
      });
      return 0;
    }
    return value;
  };
  const jobTimeout = seconds('jobTimeout');
  const taskTimeout = seconds('taskTimeout');
  const executors = options.executors ?? availableParallelism();
  if (!Number.isInteger(executors) || executors < 1) {
    issues.push({ path: 'executors', message: `must be a whole number >= 1; got ${String(executors)}` });
  }
  const maxFailedFiles = options.maxFailedFiles ?? 0;
  if (
    !(Number.isInteger(maxFailedFiles) || maxFailedFiles === Number.POSITIVE_INFINITY) ||
    maxFailedFiles < 0
  ) {
    issues.push({
      path: 'maxFailedFiles',
      message: `must be a whole number >= 0; got ${String(maxFailedFiles)}`,
    });
  }
  const parameters = options.parameters ?? {};
  for (const [key, value] of Object.entries(parameters)) {
    if (typeof value !== 'string') {
      issues.push({
        path: `parameters.${key}`,
        message: `must be a string (parameters are environment variables)`,
      });
    }
  }
  const model = options.model;
  if (
    model !== undefined &&
    typeof model !== 'string' &&
    typeof model !== 'function' &&
    typeof model !== 'object'
  ) {
    issues.push({ path: 'model', message: 'must be a function, an object with predict(), or a module path' });
  }
  const workerResourceLimits = workerLimits(options.workerResourceLimits, issues);
  const modelOutput = options.modelOutput ?? 'stdout';
  if (modelOutput !== 'stdout' && modelOutput !== 'stderr') {
    issues.push({
      path: 'modelOutput',
      message: `must be 'stdout' or 'stderr'; got ${JSON.stringify(modelOutput)}`,
    });
  }
  if (issues.length) throw new ConfigError(issues, { subject: 'local run options' });
  return {
    ...options,
    sourceFolder: folderUrl(options.sourceFolder),
    destinationFolder: folderUrl(options.destinationFolder),
    inputFileType: inputFileType!,
    outputFileType: outputFileType!,
    executors,
    jobTimeout,
    taskTimeout,
    maxFailedFiles,
    parameters,
    storage: withIamRole(options.storage ?? {}, options.iamRoleArn),
    workerResourceLimits,
    modelOutput,
  };
}

function fileType(
  value: unknown,
  path: string,
  issues: ConfigIssue[],
  required: boolean,
): FileType | undefined {
  const lower = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  const found = FILE_TYPES.find((t) => t === lower);
  if (found) return found;
  if (value === undefined && !required) return undefined;
  issues.push({
    path,
    message:
      value === undefined
        ? `required: one of ${FILE_TYPES.join(', ')} (selects the input files by extension)`
        : `must be one of ${FILE_TYPES.join(', ')} (case-insensitive); got ${JSON.stringify(value)}`,
  });
  return undefined;
}

function withIamRole(storage: StorageOptions, iamRoleArn: string | undefined): StorageOptions {
  if (!iamRoleArn) return storage;
  return { ...storage, s3: { iamRoleArn, ...storage.s3 } };
}

/** `override` over `base`, the `local`, `s3` and `gcs` sections merged field by field. */
export function mergeStorageOptions(
  base: StorageOptions = {},
  override: StorageOptions = {},
): StorageOptions {
  return {
    ...base,
    ...override,
    // Field by field, so that a client's `followLinks` survives a run that only sets `fsync`.
    local: { ...base.local, ...override.local },
    s3: { ...base.s3, ...override.s3 },
    gcs: { ...base.gcs, ...override.gcs },
  };
}

/** A folder URI as given, or the `file://` URL of a plain path (relative to the working folder). */
function folderUrl(folder: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(folder) ? folder : pathToFileURL(resolve(folder)).href;
}
