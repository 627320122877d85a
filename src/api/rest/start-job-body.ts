import type { ExecutionConfig } from '../../config/execution-config.js';
import type { ConfigFileType, GpuType } from '../../config/vocabulary.js';
import { UsageError } from '../../errors.js';

/** `batch_job_deployment_size` of the REST body. */
export interface DeploymentSizeBody {
  number_of_pods?: number;
  cpu?: number;
  memory_amount?: number;
  memory_units?: 'MIB';
  client_pod_compute_resources?:
    | { template_spec: { template_id: string } }
    | { gpu_resources: { gpu_type: GpuType; gpu_amount: number } };
}

/** The body of `POST /api/v1/batch-job/start-job`: the flat `StartBatchJobRequest`, snake_case, enums by name. */
export interface StartJobBody {
  model_id: string;
  build_id?: string;
  source_bucket: string;
  destination_bucket: string;
  source_folder: string;
  destination_folder: string;
  batch_job_deployment_size?: DeploymentSizeBody;
  input_file_type: `${Uppercase<ConfigFileType>}_INPUT_FILE_TYPE`;
  output_file_type: `${Uppercase<ConfigFileType>}_OUTPUT_FILE_TYPE`;
  token_secret?: string;
  secret_secret?: string;
  job_timeout?: number;
  task_timeout?: number;
  parameters?: { key: string; value: string }[];
  advanced_deployment_options?: {
    custom_iam_role_arn?: string;
    purchase_option?: 'ondemand' | 'spot';
    service_account_key_secret_name?: string;
  };
}

/** Where one side of an execution lives on the platform: a bucket and a path in it. */
export interface BucketPath {
  readonly bucket: string;
  readonly folder: string;
}

/**
 * The bucket and folder of one side. A folder given as `s3://bucket/path` or `gs://bucket/path` names its own
 * bucket; a `file://` folder cannot run on the platform.
 */
export function resolveBucketPath(config: ExecutionConfig, side: 'source' | 'destination'): BucketPath {
  const e = config.execution;
  const folder = side === 'source' ? e.sourceFolder : e.destinationFolder;
  const uri = /^(s3|gs):\/\/([^/]+)\/?(.*)$/i.exec(folder);
  if (uri) return { bucket: uri[2]!, folder: uri[3]!.replace(/\/+$/, '') };
  if (/^file:\/\//i.test(folder)) {
    throw new UsageError(
      `execution.${side}Folder is a local folder (${folder}): the platform cannot read it. Run it in-process with BatchInferenceClient.localFileRun, or upload it with BatchInferenceClient.platformFileRun`,
    );
  }
  const bucket = (side === 'source' ? e.sourceBucket : e.destinationBucket) ?? e.bucket;
  // The schema guarantees a bucket for non-URI folders; this guards configs built around it.
  if (!bucket) throw new UsageError(`execution.${side}Bucket or execution.bucket is required`);
  return { bucket, folder };
}

/**
 * Maps a configuration to the REST start-job body exactly as the platform's Python client does (WIRE.md):
 * `bucket` fills both sides, file types become enum names, timeouts `job_timeout`/`task_timeout`, secrets
 * `token_secret`/`secret_secret`, parameters a key/value list. Zero and empty values are left out (the platform
 * then uses the deployed model's configuration).
 */
export function toStartJobBody(config: ExecutionConfig): StartJobBody {
  const e = config.execution;
  const source = resolveBucketPath(config, 'source');
  const destination = resolveBucketPath(config, 'destination');
  const body: StartJobBody = {
    model_id: e.modelId,
    ...(e.buildId ? { build_id: e.buildId } : {}),
    source_bucket: source.bucket,
    destination_bucket: destination.bucket,
    source_folder: source.folder,
    destination_folder: destination.folder,
  } as StartJobBody;
  const size = deploymentSize(config);
  if (size) body.batch_job_deployment_size = size;
  body.input_file_type = `${e.inputFileType.toUpperCase() as Uppercase<ConfigFileType>}_INPUT_FILE_TYPE`;
  body.output_file_type = `${e.outputFileType.toUpperCase() as Uppercase<ConfigFileType>}_OUTPUT_FILE_TYPE`;
  if (e.accessTokenName) body.token_secret = e.accessTokenName;
  if (e.accessSecretName) body.secret_secret = e.accessSecretName;
  if (e.jobTimeout) body.job_timeout = e.jobTimeout;
  if (e.fileTimeout) body.task_timeout = e.fileTimeout;
  const parameters = Object.entries(e.parameters).map(([key, value]) => ({ key, value }));
  if (parameters.length) body.parameters = parameters;
  const advanced = advancedOptions(config);
  if (advanced) body.advanced_deployment_options = advanced;
  return body;
}

function deploymentSize(config: ExecutionConfig): DeploymentSizeBody | undefined {
  const r = config.resources;
  const size: DeploymentSizeBody = {};
  if (r.pods) size.number_of_pods = r.pods;
  if (r.instance) {
    size.client_pod_compute_resources = { template_spec: { template_id: r.instance } };
  } else {
    if (r.cpus !== undefined) size.cpu = r.cpus;
    if (r.memory !== undefined) {
      size.memory_amount = r.memory;
      size.memory_units = 'MIB';
    }
    if (r.gpuType && r.gpuAmount) {
      size.client_pod_compute_resources = { gpu_resources: { gpu_type: r.gpuType, gpu_amount: r.gpuAmount } };
    }
  }
  return Object.keys(size).length ? size : undefined;
}

function advancedOptions(config: ExecutionConfig): StartJobBody['advanced_deployment_options'] {
  const a = config.execution.advancedOptions;
  const out: NonNullable<StartJobBody['advanced_deployment_options']> = {};
  if (a?.iamRoleArn) out.custom_iam_role_arn = a.iamRoleArn;
  if (a?.purchaseOption) out.purchase_option = a.purchaseOption === 'on-demand' ? 'ondemand' : 'spot';
  if (config.execution.serviceAccountKeySecretName) {
    out.service_account_key_secret_name = config.execution.serviceAccountKeySecretName;
  }
  return Object.keys(out).length ? out : undefined;
}
