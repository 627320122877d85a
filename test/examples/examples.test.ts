import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toStartJobBody } from '../../src/api/rest/start-job-body.js';
import { ExecutionConfig } from '../../src/config/index.js';
import { s3TestServer } from '../helpers/storage-servers.js';
import { PlatformRestServer } from '../servers/platform-rest.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs an example as a user would (`npx tsx examples/<name>.ts`), importing the built package by its name. */
function runExample(name: string, args: string[] = [], env: Record<string, string> = {}) {
  if (!existsSync(join(ROOT, 'dist/index.js')))
    throw new Error('the package is not built: run npx tsup first');
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `examples/${name}.ts`, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qwak-batch-examples-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('examples/', () => {
  it('local-csv-to-parquet.ts writes one Parquet file per sample CSV', async () => {
    const out = join(dir, 'parquet');
    const run = await runExample('local-csv-to-parquet', [out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`finished: 60 rows written to ${out}`);
    expect((await readdir(out)).sort()).toEqual([
      'customers-01.parquet',
      'customers-02.parquet',
      'customers-03.parquet',
    ]);
    const bytes = await readFile(join(out, 'customers-01.parquet'));
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
  });

  it('module-predictor.ts scores the samples in worker threads', async () => {
    const out = join(dir, 'feather');
    const run = await runExample('module-predictor', [out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\[3\/3\] customers-0\d\.csv: \d+ rows\/s/);
    expect(run.stdout).toContain('finished: 3 of 3 files, 60 rows');
    expect((await readdir(out)).sort()).toEqual([
      'customers-01.feather',
      'customers-02.feather',
      'customers-03.feather',
    ]);
  });

  it('start-execution.ts starts an execution on a local stand-in of the platform', async () => {
    const exported = await import('qwak-batch');
    if (!('BatchJobManagerClient' in exported)) {
      throw new Error('qwak-batch does not export BatchJobManagerClient: add it to src/index.ts');
    }
    const server = await PlatformRestServer.start({ token: 'tok_example_0123456789' });
    try {
      server.expectedStartBody = JSON.parse(
        JSON.stringify(
          toStartJobBody(
            new ExecutionConfig({
              execution: {
                modelId: 'churn-model',
                bucket: 'my-bucket',
                sourceFolder: 'batch/input',
                destinationFolder: 'batch/output',
                inputFileType: 'parquet',
                outputFileType: 'csv',
                parameters: { THRESHOLD: '0.5' },
              },
              resources: { pods: 4, cpus: 1, memory: 512 },
            }),
          ),
        ),
      );
      const run = await runExample('start-execution', [], {
        QWAK_BATCH_BASE_URL: server.url,
        QWAK_TOKEN: 'tok_example_0123456789',
      });
      expect(server.violations).toEqual([]);
      expect(run.stdout).toBe('started execution exec-1\n');
      expect(run.code).toBe(0);
    } finally {
      await server.close();
    }
  });
});

const s3 = await s3TestServer();
describe.skipIf(!s3.available)(`examples/s3-run.ts ${s3.skipReason ?? ''}`, () => {
  it('uploads the samples to a bucket and runs the model over S3 folders', async () => {
    const bucket = await s3.createBucket('example');
    const run = await runExample('s3-run', [], {
      S3_BUCKET: bucket,
      S3_ENDPOINT: s3.endpoint,
      AWS_REGION: s3.region,
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    // The AWS SDK may warn about Node versions on stderr; errors would show there too.
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`succeeded {2}s3://${bucket}/qwak-batch-example/\\d+/output/customers-01\\.csv {2}20 rows`),
    );
    expect(run.stdout).toContain('finished: 3 of 3 files');
  }, 120_000);
});
