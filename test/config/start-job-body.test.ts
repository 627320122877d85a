import { describe, expect, it } from 'vitest';
import { toStartJobBody } from '../../src/api/rest/start-job-body.js';
import { ExecutionConfig } from '../../src/config/index.js';
import { UsageError } from '../../src/errors.js';

/**
 * The body of the seed's curl example (REST API section of the platform documentation), byte for byte,
 * except the IAM role placeholder "...", which the SDK validates as an ARN and so must be a real one here.
 */
const SEED_BODY = `{
    "model_id": "<your_model_id>",
    "source_bucket": "...",
    "destination_bucket": "...",
    "source_folder": "batch_execution/my_model/input",
    "destination_folder": "batch_execution/my_model/output",
    "batch_job_deployment_size": {
        "number_of_pods": 4,
        "cpu": 1.0,
        "memory_amount": 512,
        "memory_units": "MIB"
    },
    "input_file_type": "PARQUET_INPUT_FILE_TYPE",
    "output_file_type": "PARQUET_OUTPUT_FILE_TYPE",
    "advanced_deployment_options": {
    \t"custom_iam_role_arn": "arn:aws:iam::123456789012:role/batch-reader"}
}`;

describe('toStartJobBody', () => {
  it('rebuilds the seed body exactly (golden)', () => {
    const config = new ExecutionConfig({
      execution: new ExecutionConfig.Execution({
        modelId: '<your_model_id>',
        sourceBucket: '...',
        destinationBucket: '...',
        sourceFolder: 'batch_execution/my_model/input',
        destinationFolder: 'batch_execution/my_model/output',
        inputFileType: 'parquet',
        outputFileType: 'parquet',
        advancedOptions: new ExecutionConfig.AdvancedOptions({
          iamRoleArn: 'arn:aws:iam::123456789012:role/batch-reader',
        }),
      }),
      resources: new ExecutionConfig.Resources({ pods: 4, cpus: 1.0, memory: 512 }),
    });
    // Same keys, same order, same values: the serialized forms are identical.
    expect(JSON.stringify(toStartJobBody(config))).toBe(JSON.stringify(JSON.parse(SEED_BODY)));
  });

  it('maps every field as WIRE.md says', () => {
    const config = ExecutionConfig.fromObject({
      execution: {
        modelId: 'm',
        buildId: 'b1',
        bucket: 'shared',
        sourceFolder: 'in',
        destinationFolder: 'out',
        inputFileType: 'feather',
        accessTokenName: 'tok',
        accessSecretName: 'sec',
        serviceAccountKeySecretName: 'gcp',
        jobTimeout: '1h',
        fileTimeout: 60,
        parameters: { A: '1', B: 'x=y' },
        advancedOptions: { purchaseOption: 'on-demand' },
      },
      resources: { gpuType: 'NVIDIA_A10G', gpuAmount: 2, cpus: 4, memory: '8Gi', pods: 3 },
    });
    expect(toStartJobBody(config)).toEqual({
      model_id: 'm',
      build_id: 'b1',
      source_bucket: 'shared',
      destination_bucket: 'shared',
      source_folder: 'in',
      destination_folder: 'out',
      batch_job_deployment_size: {
        number_of_pods: 3,
        cpu: 4,
        memory_amount: 8192,
        memory_units: 'MIB',
        client_pod_compute_resources: { gpu_resources: { gpu_type: 'NVIDIA_A10G', gpu_amount: 2 } },
      },
      input_file_type: 'FEATHER_INPUT_FILE_TYPE',
      output_file_type: 'CSV_OUTPUT_FILE_TYPE',
      token_secret: 'tok',
      secret_secret: 'sec',
      job_timeout: 3600,
      task_timeout: 60,
      parameters: [
        { key: 'A', value: '1' },
        { key: 'B', value: 'x=y' },
      ],
      advanced_deployment_options: { purchase_option: 'ondemand', service_account_key_secret_name: 'gcp' },
    });
  });

  it('sends an instance as a template and leaves defaults out', () => {
    const config = ExecutionConfig.fromObject({
      execution: { modelId: 'm', bucket: 'b', sourceFolder: 'i', destinationFolder: 'o' },
      resources: { instance: 'gpu.a10.xl' },
    });
    expect(toStartJobBody(config)).toEqual({
      model_id: 'm',
      source_bucket: 'b',
      destination_bucket: 'b',
      source_folder: 'i',
      destination_folder: 'o',
      batch_job_deployment_size: {
        client_pod_compute_resources: { template_spec: { template_id: 'gpu.a10.xl' } },
      },
      input_file_type: 'CSV_INPUT_FILE_TYPE',
      output_file_type: 'CSV_OUTPUT_FILE_TYPE',
    });
  });

  it('splits s3:// and gs:// folders into bucket and path, and refuses local folders', () => {
    const config = ExecutionConfig.fromObject({
      execution: { modelId: 'm', sourceFolder: 's3://in-b/a/b/', destinationFolder: 'gs://out-b/c' },
    });
    expect(toStartJobBody(config)).toMatchObject({
      source_bucket: 'in-b',
      source_folder: 'a/b',
      destination_bucket: 'out-b',
      destination_folder: 'c',
    });
    const local = config.with({ execution: { sourceFolder: 'file:///data/in' } });
    expect(() => toStartJobBody(local)).toThrow(UsageError);
    expect(() => toStartJobBody(local)).toThrow(/local folder \(file:\/\/\/data\/in\).*localFileRun/);
  });
});
