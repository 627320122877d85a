import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tableFromArrays } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchJobManagerClient } from '../../../src/api/client.js';
import { platformFileRun, runTable } from '../../../src/api/platform-run/index.js';
import type { ExecutionStatus } from '../../../src/api/results.js';
import { ExecutionConfig } from '../../../src/config/index.js';
import { ExecutionFailedError, UsageError } from '../../../src/errors.js';
import { getCodec } from '../../../src/formats/index.js';
import { s3TestServer } from '../../helpers/storage-servers.js';
import { TOKEN } from '../fixtures.js';
import { startPlatformWorld } from './platform-world.js';

const s3 = await s3TestServer();

describe.skipIf(!s3.available)(`runs on the platform from local data ${s3.skipReason ?? ''}`, () => {
  let world: Awaited<ReturnType<typeof startPlatformWorld>>;
  let client: BatchJobManagerClient;
  let dir: string;

  beforeAll(async () => {
    world = await startPlatformWorld(s3);
    client = new BatchJobManagerClient({
      environment: 'acme',
      grpcUrl: world.server.url,
      token: TOKEN,
      transport: 'grpc',
      env: {},
      retry: { initialDelay: 5 },
    });
    dir = await mkdtemp(join(tmpdir(), 'qb-platform-run-'));
  });
  afterAll(async () => {
    await client?.close();
    await world?.server.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('platformFileRun uploads local files, runs them and downloads the outputs', async () => {
    const input = join(dir, 'in');
    const output = join(dir, 'out', 'nested');
    await import('node:fs/promises').then((fs) => fs.mkdir(input, { recursive: true }));
    await writeFile(join(input, 'a.csv'), 'x,name\n1,a\n2,b\n');
    await writeFile(join(input, 'b.csv'), 'x,name\n10,c\n');
    await writeFile(join(input, 'ignored.parquet'), 'not csv');
    const config = new ExecutionConfig({
      execution: {
        modelId: 'churn',
        sourceFolder: pathToFileURL(input).href,
        destinationFolder: pathToFileURL(output).href,
        inputFileType: 'csv',
        outputFileType: 'parquet',
        parameters: { MODE: 'fast' },
      },
      resources: { pods: 2 },
    });
    const progress: ExecutionStatus[] = [];
    const result = await platformFileRun(client, {
      config,
      s3: { endpoint: s3.endpoint, region: s3.region, forcePathStyle: true },
      pollInterval: 5,
      onProgress: (s) => progress.push(s),
    });
    expect(result.status.status).toBe('finished');
    expect(result.uploaded.map((u) => u.replace(/.*\//, ''))).toEqual(['a.csv', 'b.csv']);
    expect((await readdir(output)).sort()).toEqual(['a.parquet', 'b.parquet']);
    const a = await getCodec('parquet').decode(await readFile(join(output, 'a.parquet')));
    expect(a.toArray().map((r) => ({ x: Number(r.x), name: r.name, score: r.score }))).toEqual([
      { x: 1, name: 'a', score: 2 },
      { x: 2, name: 'b', score: 4 },
    ]);
    expect(progress.at(-1)).toMatchObject({ status: 'finished', finishedFiles: 2, totalFiles: 2 });
    const start = world.server.callsOf('StartBatchJob').at(-1)!.request.batch_job_request as {
      data_details: { source_path: { source_bucket: string; source_folder: string } };
      execution_details: { parameters: unknown[] };
    };
    expect(start.data_details.source_path).toMatchObject({
      source_bucket: world.bucket,
      source_folder: 'uploads/churn/1/input',
    });
    expect(start.execution_details.parameters).toEqual([{ key: 'MODE', value: 'fast' }]);
    expect(world.server.violations).toEqual([]);
  });

  it('platformFileRun names the folder and extension when no file matches', async () => {
    const empty = join(dir, 'empty');
    await import('node:fs/promises').then((fs) => fs.mkdir(empty, { recursive: true }));
    const config = new ExecutionConfig({
      execution: {
        modelId: 'churn',
        sourceFolder: pathToFileURL(empty).href,
        destinationFolder: pathToFileURL(join(dir, 'o')).href,
        inputFileType: 'feather',
      },
    });
    const error = await platformFileRun(client, { config }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(
      /No feather files \(\.feather, \.arrow, \.ipc\) in file:\/\/.*empty/,
    );
  });

  it('runTable splits a table, runs it through pre-signed URLs and concatenates the results in order', async () => {
    const n = 25;
    const table = tableFromArrays({
      x: Float64Array.from({ length: n }, (_, i) => i),
      name: Array.from({ length: n }, (_, i) => `r${i}`),
    });
    const result = await runTable(client, table, { modelId: 'churn', batchSize: 10, pollInterval: 5 });
    expect(result.numRows).toBe(n);
    expect(Array.from(result.getChild('score')!.toArray() as Float64Array)).toEqual(
      Array.from({ length: n }, (_, i) => i * 2),
    );
    expect(result.getChild('name')!.get(24)).toBe('r24');
    const ask = world.server.callsOf('GetBatchJobPreSignedUploadUrl').at(-1)!.request;
    expect(ask).toEqual({ model_id: 'churn', number_of_files: 3, file_type: 'parquet' });
  });

  it('runTable rejects with the report when the execution fails', async () => {
    const failing = await startPlatformWorld(s3);
    const failingClient = client.withOptions({ grpcUrl: failing.server.url });
    try {
      const table = tableFromArrays({ x: Float64Array.from([1, 2]) });
      const run = runTable(failingClient, table, {
        modelId: 'churn',
        pollInterval: 5,
        fileType: 'csv',
      }).catch((e: unknown) => e);
      // The job exists once StartBatchJob returned; flip its life cycle to fail.
      await waitFor(() => failing.server.jobs.size === 1);
      for (const job of failing.server.jobs.values()) job.lifecycle = ['RUNNING', 'FAILED'];
      const error = await run;
      expect(error).toBeInstanceOf(ExecutionFailedError);
      expect((error as ExecutionFailedError).reportLines.join('\n')).toMatch(/failed/);
    } finally {
      await failingClient.close();
      await failing.server.close();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 2));
  if (!condition()) throw new Error('condition not met in time');
}
