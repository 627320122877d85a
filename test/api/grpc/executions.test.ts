import { afterEach, describe, expect, it } from 'vitest';
import type { BatchJobManagerClient } from '../../../src/api/client.js';
import { toStartBatchJobRequest } from '../../../src/api/grpc/start-job-request.js';
import type { ExecutionStatus } from '../../../src/api/results.js';
import { ExecutionConfig } from '../../../src/config/index.js';
import {
  APITimeoutError,
  DuplicateExecutionError,
  ExecutionFailedError,
  OperationRefusedError,
} from '../../../src/errors.js';
import type { PlatformGrpcServer } from '../../servers/platform-grpc.js';
import { PlatformRestServer } from '../../servers/platform-rest.js';
import { grpcClient, grpcServer, sampleConfig, TOKEN } from './fixtures.js';

let server: PlatformGrpcServer;
let client: BatchJobManagerClient;
afterEach(async () => {
  await client?.close();
  await server?.close();
});

const config = sampleConfig();

describe('executions over gRPC', () => {
  it('starts with the nested request of the Python client', async () => {
    server = await grpcServer();
    client = grpcClient(server);
    const result = await client.startExecution(config);
    expect(result).toEqual({ executionId: 'job-1', success: true, failureMessage: '' });
    const [call] = server.callsOf('StartBatchJob');
    expect(call!.authorization).toBe(`Bearer ${TOKEN}`);
    const r = call!.request.batch_job_request as Record<string, Record<string, unknown>>;
    expect(r.model_details).toMatchObject({ model_id: 'churn-model', build_id: 'build-42' });
    expect(r.data_details).toMatchObject({
      source_path: {
        source_bucket: 'my-bucket',
        source_folder: 'batch/input',
        input_file_type: 'PARQUET_INPUT_FILE_TYPE',
      },
      destination_path: {
        destination_bucket: 'my-bucket',
        destination_folder: 'batch/output',
        output_file_type: 'CSV_OUTPUT_FILE_TYPE',
      },
      token_secret: 'aws-token',
      secret_secret: 'aws-secret',
    });
    expect(r.execution_details).toMatchObject({
      job_timeout: 3600,
      task_timeout: 600,
      parameters: [
        { key: 'THRESHOLD', value: '0.5' },
        { key: 'MODE', value: 'a=b=c' },
      ],
      advanced_deployment_options: {
        custom_iam_role_arn: 'arn:aws:iam::123456789012:role/reader',
        purchase_option: 'spot',
      },
    });
    const size = (r.execution_details as { batch_job_deployment_size: Record<string, unknown> })
      .batch_job_deployment_size;
    expect(size.number_of_pods).toBe(4);
    const compute = size.client_pod_compute_resources as Record<string, unknown>;
    expect(compute.cpu_resources).toEqual({ cpu: 1, memory_amount: 512, memory_units: 'MIB' });
    expect(compute.gpu_resources).toBeUndefined();
    expect(compute.template_spec).toBeUndefined();
    // The flat fields of the REST body stay empty over gRPC.
    expect(call!.request.model_id).toBe('');
    expect(server.violations).toEqual([]);
  });

  it('sets exactly one of template_spec, gpu_resources, cpu_resources, in that order', () => {
    const pick = (resources: object) => {
      const r = toStartBatchJobRequest(new ExecutionConfig({ execution: config.execution, resources })) as {
        batch_job_request: {
          execution_details: { batch_job_deployment_size?: { client_pod_compute_resources?: object } };
        };
      };
      return Object.keys(
        r.batch_job_request.execution_details.batch_job_deployment_size?.client_pod_compute_resources ?? {},
      );
    };
    expect(pick({ instance: 'gpu.a10.xl', pods: 2 })).toEqual(['template_spec']);
    expect(pick({ gpuType: 'NVIDIA_A10G', gpuAmount: 1, cpus: 4 })).toEqual(['gpu_resources']);
    expect(pick({ cpus: 2 })).toEqual(['cpu_resources']);
  });

  it('waits through committed, pending and running to finished, reporting progress', async () => {
    server = await grpcServer();
    client = grpcClient(server);
    const { executionId } = await client.startExecution(config);
    const seen: ExecutionStatus[] = [];
    const final = await client.waitForExecution(executionId, {
      pollInterval: 10,
      onProgress: (s) => seen.push(s),
    });
    expect(seen.map((s) => s.status)).toEqual(['committed', 'pending', 'running', 'finished']);
    expect(seen.map((s) => s.rawStatus)).toEqual([
      'BATCH_JOB_COMMITTED_STATUS',
      'BATCH_JOB_PENDING_STATUS',
      'BATCH_JOB_RUNNING_STATUS',
      'BATCH_JOB_FINISHED_STATUS',
    ]);
    expect(final).toMatchObject({
      executionId,
      status: 'finished',
      finishedFiles: 3,
      totalFiles: 3,
      inProgress: false,
    });
    for (const call of server.callsOf('GetBatchJobStatus'))
      expect(call.request).toEqual({ batch_id: executionId });
  });

  it('rejects with ExecutionFailedError carrying the report when the execution fails', async () => {
    server = await grpcServer({ lifecycle: ['PENDING', 'RUNNING', 'FAILED'] });
    client = grpcClient(server);
    const { executionId } = await client.startExecution(config);
    const error = await client.waitForExecution(executionId, { pollInterval: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecutionFailedError);
    expect((error as ExecutionFailedError).status).toBe('failed');
    expect((error as ExecutionFailedError).reportLines).toContain(
      'Task part-2.csv failed: model raised ValueError',
    );
    expect((error as Error).message).toContain('model raised ValueError');
  });

  it('cancels an execution; waiting then rejects as cancelled', async () => {
    server = await grpcServer({ lifecycle: ['RUNNING'] });
    client = grpcClient(server);
    const { executionId } = await client.startExecution(config);
    await client.cancelExecution(executionId);
    expect(server.callsOf('CancelBatchJob')[0]!.request).toEqual({ batch_id: executionId });
    await expect(client.waitForExecution(executionId, { pollInterval: 5 })).rejects.toMatchObject({
      status: 'cancelled',
    });
  });

  it('gives up waiting after its timeout, and the signal stops it', async () => {
    server = await grpcServer({ lifecycle: ['RUNNING'] });
    client = grpcClient(server);
    const { executionId } = await client.startExecution(config);
    await expect(
      client.waitForExecution(executionId, { pollInterval: 20, timeout: 100 }),
    ).rejects.toBeInstanceOf(APITimeoutError);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(
      client.waitForExecution(executionId, { pollInterval: 10_000, signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('keeps polling through transient failures', async () => {
    server = await grpcServer();
    client = grpcClient(server, { retry: { maxAttempts: 1 } });
    const { executionId } = await client.startExecution(config);
    server.cue('GetBatchJobStatus', { code: 14 }, { code: 14 }, { code: 8, details: 'slow down' });
    const final = await client.waitForExecution(executionId, { pollInterval: 5 });
    expect(final.status).toBe('finished');
    expect(server.callsOf('GetBatchJobStatus').length).toBe(7);
  });

  it('lists executions, details, tasks and the report', async () => {
    server = await grpcServer();
    client = grpcClient(server);
    const { executionId } = await client.startExecution(config);
    await client.waitForExecution(executionId, { pollInterval: 1 });
    const listed = [];
    for await (const e of client.listExecutions('churn-model', 'build-42')) listed.push(e);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      executionId,
      buildId: 'build-42',
      status: 'finished',
      environmentId: 'env-1',
    });
    expect(listed[0]!.startTime).toBeInstanceOf(Date);
    expect(server.callsOf('ListBatchJobs')[0]!.request).toEqual({
      model_id: 'churn-model',
      build_id: 'build-42',
      branch_id: '',
    });

    const details = await client.getExecutionDetails(executionId);
    expect(details).toMatchObject({
      executionId,
      modelId: 'churn-model',
      status: 'finished',
      totalRecords: 30,
    });
    expect(details.files).toMatchObject({
      sourceBucket: 'my-bucket',
      sourcePath: 'batch/input',
      totalFiles: 3,
    });
    expect(details.reportLines[0]).toMatchObject({ line: 'Batch job committed' });

    const tasks = await client.listExecutionTasks(executionId);
    expect(tasks.map((t) => [t.taskId, t.status, t.rawStatus, t.fileName, t.records])).toEqual([
      [`${executionId}-task-1`, 'finished', 'BATCH_TASK_FINISHED_STATUS', 'part-1.csv', 10],
      [`${executionId}-task-2`, 'finished', 'BATCH_TASK_FINISHED_STATUS', 'part-2.csv', 10],
      [`${executionId}-task-3`, 'finished', 'BATCH_TASK_FINISHED_STATUS', 'part-3.csv', 10],
    ]);
    expect(tasks[0]!.endTime!.getTime() - tasks[0]!.startTime!.getTime()).toBe(5000);
    expect(await client.getExecutionReport(executionId)).toContain('Batch job finished');
  });

  it('turns success: false into OperationRefusedError', async () => {
    server = await grpcServer();
    client = grpcClient(server);
    const error = await client.getExecutionStatus('no-such-job').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationRefusedError);
    expect((error as OperationRefusedError).failureMessage).toBe('batch job no-such-job not found');
    await expect(client.cancelExecution('no-such-job')).rejects.toBeInstanceOf(OperationRefusedError);
    await expect(client.getExecutionReport('')).rejects.toThrow(/executionId must be a non-empty string/);
  });

  it('reuses a running duplicate when asked, found through ListBatchJobs', async () => {
    server = await grpcServer();
    client = grpcClient(server);
    server.addJob({
      modelId: 'churn-model',
      buildId: 'build-42',
      sourceBucket: 'my-bucket',
      sourceFolder: 'other/input',
      destinationFolder: 'batch/output',
    });
    const running = server.addJob({
      modelId: 'churn-model',
      buildId: 'build-42',
      sourceBucket: 'my-bucket',
      sourceFolder: 'batch/input',
      destinationFolder: 'batch/output',
    });
    await expect(client.startExecution(config)).rejects.toBeInstanceOf(DuplicateExecutionError);
    const result = await client.startExecution(config, { reuseRunning: true });
    expect(result).toMatchObject({ executionId: running.id, success: true, reused: true });
    // As docs/remote-executions.md says: with `reused`, the platform's duplicate message explains it.
    expect(result.failureMessage).toMatch(/already running/);
    expect(server.callsOf('GetBatchJobDetails').map((c) => c.request.job_id)).toContain(running.id);
  });

  it('still rejects the duplicate when no running execution matches', async () => {
    server = await grpcServer();
    client = grpcClient(server);
    server.addJob({
      modelId: 'churn-model',
      buildId: 'build-42',
      sourceBucket: 'my-bucket',
      sourceFolder: 'batch/input',
      destinationFolder: 'batch/output',
      lifecycle: ['FINISHED'],
    });
    server.cue('StartBatchJob', {
      answer: { success: false, failure_message: 'Batch job is already running' },
    });
    await expect(client.startExecution(config, { reuseRunning: true })).rejects.toBeInstanceOf(
      DuplicateExecutionError,
    );
    expect(server.callsOf('GetBatchJobDetails')).toHaveLength(0);
  });

  it('reuses a running duplicate after a REST start too', async () => {
    server = await grpcServer();
    const rest = await PlatformRestServer.start({ token: TOKEN });
    try {
      client = grpcClient(server, { transport: 'rest', baseUrl: rest.url });
      const running = server.addJob({
        modelId: 'churn-model',
        buildId: 'build-42',
        sourceBucket: 'my-bucket',
        sourceFolder: 'batch/input',
        destinationFolder: 'batch/output/',
      });
      rest.script('start-job', {
        kind: 'json',
        body: { success: false, failure_message: 'duplicate of a running batch job' },
      });
      const result = await client.startExecution(config, { reuseRunning: true });
      expect(result).toMatchObject({ executionId: running.id, reused: true });
      expect(rest.requestsTo('start-job')).toHaveLength(1);
    } finally {
      await rest.close();
    }
  });
});
