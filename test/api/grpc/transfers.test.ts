import { afterEach, describe, expect, it } from 'vitest';
import type { BatchJobManagerClient } from '../../../src/api/client.js';
import { ExecutionConfig } from '../../../src/config/index.js';
import { OperationRefusedError, UsageError } from '../../../src/errors.js';
import type { PlatformGrpcServer } from '../../servers/platform-grpc.js';
import { grpcClient, grpcServer, sampleConfig } from './fixtures.js';

let server: PlatformGrpcServer;
let client: BatchJobManagerClient;
afterEach(async () => {
  await client?.close();
  await server?.close();
});

const expiry = { seconds: String(Date.parse('2030-01-01T00:00:00Z') / 1000), nanos: 0 };
const credentials = {
  access_key_id: 'AKIAEXAMPLE',
  secret_access_key: 'secret-example',
  session_token: 'session-example',
  expiration_time: expiry,
};

describe('warm-up, upload and download details over gRPC', () => {
  it('starts and cancels a warm-up with the config size and timeout', async () => {
    server = await grpcServer();
    client = grpcClient(server);
    const config = new ExecutionConfig({
      execution: sampleConfig().execution,
      resources: { pods: 2, instance: 'small' },
      warmup: { timeout: 1800 },
    });
    await client.startWarmup(config);
    await client.cancelWarmup({ modelId: 'churn-model' });
    expect(server.warmups[0]).toMatchObject({
      method: 'StartWarmupJob',
      model_id: 'churn-model',
      build_id: 'build-42',
      warmup_timeout: 1800,
      batch_job_deployment_size: {
        number_of_pods: 2,
        client_pod_compute_resources: { template_spec: { template_id: 'small' } },
      },
    });
    expect(server.warmups[1]).toMatchObject({
      method: 'CancelWarmupJob',
      model_id: 'churn-model',
      build_id: '',
    });
    server.cue('StartWarmupJob', { answer: { success: false, failure_message: 'no deployed build' } });
    await expect(client.startWarmup(config)).rejects.toThrow(OperationRefusedError);
  });

  it('reads upload and download details with their temporary credentials', async () => {
    server = await grpcServer({
      uploadDetails: (modelId) => ({
        bucket: 'qwak-uploads',
        input_path: `${modelId}/in`,
        output_path: `${modelId}/out`,
        credentials,
      }),
      downloadDetails: (job) => ({ bucket: 'qwak-uploads', keys: [`${job.id}/a.csv`], credentials }),
    });
    client = grpcClient(server);
    const upload = await client.getUploadDetails('churn-model');
    expect(upload).toEqual({
      bucket: 'qwak-uploads',
      inputPath: 'churn-model/in',
      outputPath: 'churn-model/out',
      credentials: {
        accessKeyId: 'AKIAEXAMPLE',
        secretAccessKey: 'secret-example',
        sessionToken: 'session-example',
        expiration: new Date('2030-01-01T00:00:00Z'),
      },
    });
    const { executionId } = await client.startExecution(sampleConfig());
    const download = await client.getDownloadDetails(executionId);
    expect(download.keys).toEqual([`${executionId}/a.csv`]);
    expect(download.credentials?.sessionToken).toBe('session-example');
    expect(server.callsOf('GetBatchJobDownloadDetails')[0]!.request).toEqual({ job_id: executionId });
  });

  it('asks for pre-signed URLs', async () => {
    server = await grpcServer({ preSignedDownload: (job) => [`https://dl.example.com/${job.id}/0`] });
    client = grpcClient(server);
    const upload = await client.getPreSignedUploadUrls('churn-model', 2, 'parquet');
    expect(upload.urls).toHaveLength(2);
    expect(server.callsOf('GetBatchJobPreSignedUploadUrl')[0]!.request).toEqual({
      model_id: 'churn-model',
      number_of_files: 2,
      file_type: 'parquet',
    });
    const { executionId } = await client.startExecution(sampleConfig());
    expect(await client.getPreSignedDownloadUrls(executionId)).toEqual([
      `https://dl.example.com/${executionId}/0`,
    ]);
    await expect(client.getPreSignedUploadUrls('m', 0, 'csv')).rejects.toBeInstanceOf(UsageError);
  });
});
