import type { ExecutionStatusName, TaskStatusName } from './execution-status.js';

/** What {@link BatchJobManagerClient.startExecution} resolves to. */
export interface StartExecutionResult {
  /** The platform's id of the execution (its `batch_id`). */
  readonly executionId: string;
  /** Always `true` here: a refusal rejects with an ExecutionStartError instead. */
  readonly success: boolean;
  /** The platform's message; empty on success (with `reused`, the duplicate message). */
  readonly failureMessage: string;
  /** True when `reuseRunning` found an identical execution already running and returned its id. */
  readonly reused?: boolean;
}

/** An execution's progress (GetBatchJobStatus). */
export interface ExecutionStatus {
  readonly executionId: string;
  /** Normalized state, e.g. `running`. */
  readonly status: ExecutionStatusName;
  /** The platform's enum name, e.g. `BATCH_JOB_RUNNING_STATUS`. */
  readonly rawStatus: string;
  /** Files done so far. */
  readonly finishedFiles: number;
  /** Files in the execution. */
  readonly totalFiles: number;
  /** True while committed, pending or running. */
  readonly inProgress: boolean;
}

/** One execution of a model, as ListBatchJobs gives it. */
export interface ExecutionSummary {
  readonly executionId: string;
  readonly buildId: string;
  readonly status: ExecutionStatusName;
  readonly rawStatus: string;
  readonly startTime: Date | undefined;
  readonly endTime: Date | undefined;
  readonly failureMessage: string;
  readonly environmentId: string;
}

/** One task (one input file) of an execution. */
export interface ExecutionTask {
  readonly taskId: string;
  readonly status: TaskStatusName;
  /** e.g. `BATCH_TASK_PENDING_START_STATUS`. */
  readonly rawStatus: string;
  readonly fileName: string;
  /** Records (rows) processed. */
  readonly records: number;
  readonly startTime: Date | undefined;
  readonly endTime: Date | undefined;
}

/** One line of an execution's report. */
export interface ExecutionReportLine {
  readonly time: Date | undefined;
  readonly line: string;
}

/** Where an execution reads and writes. */
export interface ExecutionFiles {
  readonly sourceBucket: string;
  readonly destinationBucket: string;
  readonly sourcePath: string;
  readonly destinationPath: string;
  /** e.g. `CSV_INPUT_FILE_TYPE`. */
  readonly inputFileType: string;
  readonly outputFileType: string;
  readonly finishedFiles: number;
  readonly totalFiles: number;
}

/** Everything GetBatchJobDetails tells about an execution. */
export interface ExecutionDetails {
  readonly executionId: string;
  readonly modelId: string;
  readonly buildId: string;
  readonly status: ExecutionStatusName;
  readonly rawStatus: string;
  readonly startTime: Date | undefined;
  readonly endTime: Date | undefined;
  readonly totalRecords: number;
  readonly reportLines: readonly ExecutionReportLine[];
  readonly files: ExecutionFiles | undefined;
  readonly tasks: readonly ExecutionTask[];
}

/** Short-lived AWS credentials the platform hands out for its own bucket. */
export interface TemporaryAwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date | undefined;
}

/** Where to upload a model's input files (GetBatchJobUploadDetails). */
export interface UploadDetails {
  readonly bucket: string;
  /** Folder (key prefix) for the input files. */
  readonly inputPath: string;
  /** Folder the outputs will be written to. */
  readonly outputPath: string;
  readonly credentials: TemporaryAwsCredentials | undefined;
}

/** Where an execution's outputs are (GetBatchJobDownloadDetails). */
export interface DownloadDetails {
  readonly bucket: string;
  /** Object keys of the output files. */
  readonly keys: readonly string[];
  readonly credentials: TemporaryAwsCredentials | undefined;
}

/** Pre-signed PUT URLs for input files (GetBatchJobPreSignedUploadUrl). */
export interface PreSignedUploadUrls {
  readonly bucket: string;
  readonly inputPath: string;
  readonly outputPath: string;
  /** One URL per file asked for. */
  readonly urls: readonly string[];
}
