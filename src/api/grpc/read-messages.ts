import { normalizeJobStatus, normalizeTaskStatus } from '../execution-status.js';
import type {
  DownloadDetails,
  ExecutionDetails,
  ExecutionStatus,
  ExecutionSummary,
  ExecutionTask,
  TemporaryAwsCredentials,
  UploadDetails,
} from '../results.js';
import type {
  AwsTemporaryCredentialsMessage,
  BatchJobDetailsMessage,
  BatchJobMessage,
  GetBatchJobDownloadDetailsResponse,
  GetBatchJobStatusResponse,
  GetBatchJobUploadDetailsResponse,
  TaskExecutionDetailsMessage,
  TimestampMessage,
} from './messages.js';

/** A Timestamp as a Date; `undefined` when unset (absent or the epoch itself). */
export function toDate(ts: TimestampMessage | null | undefined): Date | undefined {
  if (!ts) return undefined;
  const ms = Number(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
  return Number.isFinite(ms) && ms !== 0 ? new Date(ms) : undefined;
}

export function readStatus(executionId: string, m: GetBatchJobStatusResponse): ExecutionStatus {
  const status = normalizeJobStatus(m.job_status);
  return {
    executionId,
    status,
    rawStatus: m.job_status,
    finishedFiles: m.finished_files,
    totalFiles: m.total_files,
    inProgress: status === 'committed' || status === 'pending' || status === 'running',
  };
}

export function readSummary(m: BatchJobDetailsMessage): ExecutionSummary {
  return {
    executionId: m.job_id,
    buildId: m.build_id,
    status: normalizeJobStatus(m.job_status),
    rawStatus: m.job_status,
    startTime: toDate(m.start_time),
    endTime: toDate(m.end_time),
    failureMessage: m.failure_message,
    environmentId: m.environment_id,
  };
}

export function readTask(m: TaskExecutionDetailsMessage): ExecutionTask {
  return {
    taskId: m.task_id,
    status: normalizeTaskStatus(m.status),
    rawStatus: m.status,
    fileName: m.filename,
    records: m.num_of_records,
    startTime: toDate(m.start_time),
    endTime: toDate(m.end_time),
  };
}

export function readDetails(m: BatchJobMessage): ExecutionDetails {
  const f = m.execution_file_details;
  return {
    executionId: m.job_id,
    modelId: m.model_id,
    buildId: m.build_id,
    status: normalizeJobStatus(m.job_status),
    rawStatus: m.job_status,
    startTime: toDate(m.start_time),
    endTime: toDate(m.end_time),
    totalRecords: m.total_records,
    reportLines: m.report_messages.map((r) => ({ time: toDate(r.time), line: r.line })),
    files: f
      ? {
          sourceBucket: f.source_bucket,
          destinationBucket: f.destination_bucket,
          sourcePath: f.source_path,
          destinationPath: f.destination_path,
          inputFileType: f.input_file_type,
          outputFileType: f.output_file_type,
          finishedFiles: f.finished_files,
          totalFiles: f.total_files,
        }
      : undefined,
    tasks: m.task_executions.map(readTask),
  };
}

export function readCredentials(
  m: AwsTemporaryCredentialsMessage | null,
): TemporaryAwsCredentials | undefined {
  if (!m?.access_key_id) return undefined;
  return {
    accessKeyId: m.access_key_id,
    secretAccessKey: m.secret_access_key,
    sessionToken: m.session_token,
    expiration: toDate(m.expiration_time),
  };
}

export function readUploadDetails(m: GetBatchJobUploadDetailsResponse): UploadDetails {
  return {
    bucket: m.bucket,
    inputPath: m.input_path,
    outputPath: m.output_path,
    credentials: readCredentials(m.credentials),
  };
}

export function readDownloadDetails(m: GetBatchJobDownloadDetailsResponse): DownloadDetails {
  return { bucket: m.bucket, keys: m.keys, credentials: readCredentials(m.credentials) };
}
