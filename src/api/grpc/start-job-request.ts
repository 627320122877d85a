import type { ExecutionConfig } from '../../config/index.js';
import { resolveBucketPath } from '../rest/start-job-body.js';

/** `BatchJobDeploymentSize` as the Python client sends it over gRPC. */
interface DeploymentSize {
  number_of_pods?: number;
  client_pod_compute_resources?:
    | { template_spec: { template_id: string } }
    | { gpu_resources: { gpu_type: string; gpu_amount: number } }
    | { cpu_resources: { cpu?: number; memory_amount?: number; memory_units?: 'MIB' } };
}

/**
 * The gRPC `StartBatchJobRequest` of a config, as the platform's Python client builds it (WIRE.md): only the
 * nested `batch_job_request` (model, data and execution details), with exactly one of `template_spec`,
 * `gpu_resources`, `cpu_resources` in that order of precedence. Zero and empty values are left out.
 */
export function toStartBatchJobRequest(config: ExecutionConfig): object {
  const e = config.execution;
  const source = resolveBucketPath(config, 'source');
  const destination = resolveBucketPath(config, 'destination');
  const size = deploymentSize(config);
  const advanced = {
    ...(e.advancedOptions?.iamRoleArn ? { custom_iam_role_arn: e.advancedOptions.iamRoleArn } : {}),
    ...(e.advancedOptions?.purchaseOption
      ? { purchase_option: e.advancedOptions.purchaseOption === 'on-demand' ? 'ondemand' : 'spot' }
      : {}),
    ...(e.serviceAccountKeySecretName
      ? { service_account_key_secret_name: e.serviceAccountKeySecretName }
      : {}),
  };
  const parameters = Object.entries(e.parameters).map(([key, value]) => ({ key, value }));
  return {
    batch_job_request: {
      model_details: { model_id: e.modelId, ...(e.buildId ? { build_id: e.buildId } : {}) },
      data_details: {
        source_path: {
          source_bucket: source.bucket,
          source_folder: source.folder,
          input_file_type: `${e.inputFileType.toUpperCase()}_INPUT_FILE_TYPE`,
        },
        destination_path: {
          destination_bucket: destination.bucket,
          destination_folder: destination.folder,
          output_file_type: `${e.outputFileType.toUpperCase()}_OUTPUT_FILE_TYPE`,
        },
        ...(e.accessTokenName ? { token_secret: e.accessTokenName } : {}),
        ...(e.accessSecretName ? { secret_secret: e.accessSecretName } : {}),
      },
      execution_details: {
        ...(e.jobTimeout ? { job_timeout: e.jobTimeout } : {}),
        ...(e.fileTimeout ? { task_timeout: e.fileTimeout } : {}),
        ...(size ? { batch_job_deployment_size: size } : {}),
        ...(Object.keys(advanced).length ? { advanced_deployment_options: advanced } : {}),
        ...(parameters.length ? { parameters } : {}),
      },
    },
  };
}

/** The gRPC `StartWarmupJobRequest` of a config: model, build, `warmup.timeout` (s) and the deployment size. */
export function toStartWarmupRequest(config: ExecutionConfig): object {
  const e = config.execution;
  const size = deploymentSize(config);
  return {
    model_id: e.modelId,
    ...(e.buildId ? { build_id: e.buildId } : {}),
    ...(config.warmup?.timeout ? { warmup_timeout: config.warmup.timeout } : {}),
    ...(size ? { batch_job_deployment_size: size } : {}),
  };
}

function deploymentSize(config: ExecutionConfig): DeploymentSize | undefined {
  const r = config.resources;
  const size: DeploymentSize = {};
  if (r.pods) size.number_of_pods = r.pods;
  if (r.instance) {
    size.client_pod_compute_resources = { template_spec: { template_id: r.instance } };
  } else if (r.gpuType && r.gpuAmount) {
    size.client_pod_compute_resources = { gpu_resources: { gpu_type: r.gpuType, gpu_amount: r.gpuAmount } };
  } else if (r.cpus !== undefined || r.memory !== undefined) {
    size.client_pod_compute_resources = {
      cpu_resources: {
        ...(r.cpus !== undefined ? { cpu: r.cpus } : {}),
        ...(r.memory !== undefined ? { memory_amount: r.memory, memory_units: 'MIB' as const } : {}),
      },
    };
  }
  return Object.keys(size).length ? size : undefined;
}
