/*
 * The response messages the SDK reads, as @grpc/proto-loader decodes them with PROTO_LOADER_OPTIONS:
 * proto field names (snake_case), enums by name, int64 as strings, every field present with its default.
 */

export interface TimestampMessage {
  seconds: string;
  nanos: number;
}

export interface StartBatchJobResponse {
  batch_id: string;
  success: boolean;
  failure_message: string;
}

export interface SuccessResponse {
  success: boolean;
  failure_message: string;
}

export interface GetBatchJobStatusResponse extends SuccessResponse {
  job_status: string;
  finished_files: number;
  total_files: number;
}

export interface GetBatchJobReportResponse {
  successful: boolean;
  failure_message: string;
  report_messages: string[];
}

export interface BatchJobDetailsMessage {
  build_id: string;
  job_id: string;
  job_status: string;
  start_time: TimestampMessage | null;
  end_time: TimestampMessage | null;
  failure_message: string;
  environment_id: string;
}

export interface ListBatchJobsResponse {
  batch_jobs: BatchJobDetailsMessage[];
}

export interface TaskExecutionDetailsMessage {
  task_id: string;
  status: string;
  start_time: TimestampMessage | null;
  end_time: TimestampMessage | null;
  num_of_records: number;
  filename: string;
}

export interface ExecutionFileDetailsMessage {
  source_bucket: string;
  destination_bucket: string;
  source_path: string;
  destination_path: string;
  input_file_type: string;
  output_file_type: string;
  finished_files: number;
  total_files: number;
}

export interface BatchJobMessage {
  job_id: string;
  model_id: string;
  build_id: string;
  start_time: TimestampMessage | null;
  end_time: TimestampMessage | null;
  job_status: string;
  total_records: number;
  report_messages: { time: TimestampMessage | null; line: string }[];
  execution_file_details: ExecutionFileDetailsMessage | null;
  task_executions: TaskExecutionDetailsMessage[];
}

export interface GetBatchJobDetailsResponse extends SuccessResponse {
  batch_job: BatchJobMessage | null;
}

export interface AwsTemporaryCredentialsMessage {
  access_key_id: string;
  secret_access_key: string;
  session_token: string;
  expiration_time: TimestampMessage | null;
}

export interface GetBatchJobUploadDetailsResponse {
  input_path: string;
  output_path: string;
  bucket: string;
  credentials: AwsTemporaryCredentialsMessage | null;
}

export interface GetBatchJobDownloadDetailsResponse {
  bucket: string;
  keys: string[];
  credentials: AwsTemporaryCredentialsMessage | null;
}

export interface GetBatchJobPreSignedUploadUrlResponse extends SuccessResponse {
  input_path: string;
  output_path: string;
  bucket: string;
  urls: string[];
}

export interface GetBatchJobPreSignedDownloadUrlResponse extends SuccessResponse {
  urls: string[];
}
