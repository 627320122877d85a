import { afterAll, beforeAll, expect, it } from 'vitest';
import { BatchJobManagerClient } from '../../../src/api/client.js';
import { ExecutionConfig } from '../../../src/config/index.js';
import type { PlatformGrpcServer } from '../../servers/platform-grpc.js';
import { PlatformRestServer } from '../../servers/platform-rest.js';
import { grpcServer, TOKEN } from './fixtures.js';

let rest: PlatformRestServer;
let grpc: PlatformGrpcServer;
beforeAll(async () => {
  grpc = await grpcServer();
  rest = await PlatformRestServer.start({ token: TOKEN });
  // An execution started over REST is the one the gRPC service reports on.
  rest.onStart = (body) =>
    grpc.addJob({
      modelId: String(body.model_id),
      sourceBucket: String(body.source_bucket),
      sourceFolder: String(body.source_folder),
      destinationFolder: String(body.destination_folder),
      lifecycle: ['COMMITTED', 'RUNNING', 'FINISHED'],
    }).id;
});
afterAll(async () => {
  await rest?.close();
  await grpc?.close();
});

it('runs the script of docs/remote-executions.md: start over REST, wait and inspect over gRPC', async () => {
  const lines: string[] = [];
  const log = (...parts: unknown[]) => lines.push(parts.join(' '));
  // --- the documented script, with the test servers' addresses in place of `environment` ---
  const config = new ExecutionConfig({
    execution: {
      modelId: 'churn-model',
      bucket: 'my-bucket',
      sourceFolder: 'batch/input',
      destinationFolder: 'batch/output',
      inputFileType: 'parquet',
      outputFileType: 'parquet',
    },
    resources: { pods: 4, cpus: 1, memory: '512Mi' },
  });
  const client = new BatchJobManagerClient({ baseUrl: rest.url, grpcUrl: grpc.url, token: TOKEN, env: {} });
  try {
    const { executionId } = await client.startExecution(config);
    const status = await client.waitForExecution(executionId, {
      pollInterval: 5,
      onProgress: (s) => log(`${s.status}: ${s.finishedFiles}/${s.totalFiles} files`),
    });
    log(status.status);
    for (const task of await client.listExecutionTasks(executionId)) {
      log(task.fileName, task.status, task.records);
    }
  } finally {
    await client.close();
  }
  // ---
  expect(lines).toEqual([
    'committed: 0/3 files',
    'running: 1/3 files',
    'finished: 3/3 files',
    'finished',
    'a.csv finished 10',
    'b.csv finished 10',
    'c.csv finished 10',
  ]);
  expect(rest.violations).toEqual([]);
  expect(grpc.violations).toEqual([]);
});
