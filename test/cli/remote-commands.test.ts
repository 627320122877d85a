import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformGrpcServer } from '../servers/platform-grpc.js';
import { PlatformRestServer } from '../servers/platform-rest.js';
import { runBuiltCli } from './built-cli.js';

const TOKEN = 'tok_cli_grpc_0123456789';
let server: PlatformGrpcServer;

beforeEach(async () => {
  server = await PlatformGrpcServer.start({ acceptToken: (t) => t === TOKEN });
});
afterEach(async () => {
  await server.close();
});

/** Runs `qwak-batch execution <args>` against the test server, over gRPC. */
const cli = (...args: string[]) =>
  runBuiltCli(
    ['execution', ...args, '--base-url', 'https://grpc.unused.example.com', '--grpc-url', server.url],
    {
      env: { QWAK_TOKEN: TOKEN },
    },
  );

describe('remote commands (gRPC, against a local test server)', () => {
  it('status prints the state and files done', async () => {
    const job = server.addJob({
      modelId: 'churn',
      sourceBucket: 'bucket-a',
      sourceFolder: 'in',
      lifecycle: ['RUNNING'],
    });
    const run = await cli('status', job.id);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^${job.id} {2}running {2}\\d/3 files \\(BATCH_JOB_RUNNING_STATUS\\)\\n$`),
    );
    expect(server.callsOf('GetBatchJobStatus')[0]?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.violations).toEqual([]);
  });

  it('status --json prints the status object', async () => {
    const job = server.addJob({
      modelId: 'churn',
      sourceBucket: 'bucket-a',
      sourceFolder: 'in',
      lifecycle: ['FINISHED'],
    });
    const run = await cli('status', job.id, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      executionId: job.id,
      status: 'finished',
      finishedFiles: 3,
      totalFiles: 3,
    });
  });

  it('exits 1 with the platform reason for an unknown execution', async () => {
    const run = await cli('status', 'job-404');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^qwak-batch: error: .*job-404 not found/);
  });

  it('wait exits 0 when the execution finishes, with a line per change on stderr', async () => {
    const job = server.addJob({
      modelId: 'churn',
      sourceBucket: 'bucket-a',
      sourceFolder: 'in',
      lifecycle: ['PENDING', 'RUNNING', 'FINISHED'],
    });
    const run = await cli('wait', job.id, '--interval', '0.05');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('pending');
    expect(run.stdout).toBe(`${job.id}  finished  3/3 files (BATCH_JOB_FINISHED_STATUS)\n`);
  });

  it('wait exits 1 when the execution fails, with the report', async () => {
    const job = server.addJob({
      modelId: 'churn',
      sourceBucket: 'bucket-a',
      sourceFolder: 'in',
      lifecycle: ['RUNNING', 'FAILED'],
      reportLines: ['task b.csv failed: bad column'],
    });
    const run = await cli('wait', job.id, '--interval', '0.05');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`qwak-batch: error: Execution ${job.id} ended with status failed`);
    expect(run.stderr).toContain('task b.csv failed: bad column');
  });

  it('wait exits 1 when --timeout passes first', async () => {
    const job = server.addJob({
      modelId: 'churn',
      sourceBucket: 'bucket-a',
      sourceFolder: 'in',
      lifecycle: ['RUNNING'],
    });
    const run = await cli('wait', job.id, '--interval', '0.05', '--timeout', '0.3');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('did not end within');
  });

  it('cancel cancels, then status says so', async () => {
    const job = server.addJob({ modelId: 'churn', sourceBucket: 'bucket-a', sourceFolder: 'in' });
    const run = await cli('cancel', job.id);
    expect(run).toMatchObject({ code: 0, stdout: `cancelled ${job.id}\n` });
    expect((await cli('status', job.id)).stdout).toContain('cancelled');
  });

  it('report prints the report lines', async () => {
    const job = server.addJob({
      modelId: 'churn',
      sourceBucket: 'b1',
      sourceFolder: 'in',
      reportLines: ['started', 'done'],
    });
    const run = await cli('report', job.id);
    expect(run).toMatchObject({ code: 0, stdout: 'started\ndone\n' });
  });

  it('tasks prints one row per file; --json the task objects', async () => {
    const job = server.addJob({
      modelId: 'churn',
      sourceBucket: 'b1',
      sourceFolder: 'in',
      lifecycle: ['FINISHED'],
    });
    const run = await cli('tasks', job.id);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^FILE\s+STATUS\s+RECORDS\s+STARTED\s+ENDED\s+TASK ID$/);
    for (const file of ['a.csv', 'b.csv', 'c.csv'])
      expect(run.stdout).toMatch(new RegExp(`${file}\\s+finished\\s+10\\s`));
    const json = JSON.parse((await cli('tasks', job.id, '--json')).stdout);
    expect(json).toHaveLength(3);
    expect(json[0]).toMatchObject({ fileName: 'a.csv', records: 10, status: 'finished' });
  });

  it('list prints the executions of a model, and filters by --build-id', async () => {
    server.addJob({ modelId: 'churn', sourceBucket: 'b1', sourceFolder: 'in', buildId: 'b-1' });
    server.addJob({ modelId: 'churn', sourceBucket: 'b1', sourceFolder: 'in2', buildId: 'b-2' });
    server.addJob({ modelId: 'other', sourceBucket: 'b1', sourceFolder: 'in' });
    const all = await cli('list', 'churn');
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split('\n')).toHaveLength(3);
    const one = JSON.parse((await cli('list', 'churn', '--build-id', 'b-2', '--json')).stdout);
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ buildId: 'b-2', status: 'running' });
  });

  it('exits 2 on a missing execution id, bad --interval, or no credentials', async () => {
    const missing = await cli('status');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing argument <execution-id>');
    const interval = await cli('wait', 'job-1', '--interval', 'soon');
    expect(interval.code).toBe(2);
    expect(interval.stderr).toContain('--interval must be a number of seconds');
    const noToken = await runBuiltCli(['execution', 'status', 'job-1', '--environment', 'acme']);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('no credentials');
    expect(server.calls).toEqual([]);
  });

  it('start --wait starts over REST, then follows the execution to its end', async () => {
    const rest = await PlatformRestServer.start({ token: TOKEN });
    try {
      const start = [
        'execution',
        'start',
        '--model-id',
        'churn',
        '--bucket',
        'bucket-a',
        '--source-folder',
        'in',
        '--destination-folder',
        'out',
        '--base-url',
        rest.url,
        '--grpc-url',
        server.url,
        '--wait',
        '--interval',
        '0.05',
      ];
      server.addJob({
        id: 'exec-1',
        modelId: 'churn',
        sourceBucket: 'bucket-a',
        sourceFolder: 'in',
        lifecycle: ['RUNNING', 'FINISHED'],
      });
      const ok = await runBuiltCli(start, { env: { QWAK_TOKEN: TOKEN } });
      expect(ok.stdout).toBe('exec-1\n');
      expect(ok.stderr).toContain('exec-1  finished  3/3 files');
      expect(ok.code).toBe(0);
      server.jobs.clear();
      server.addJob({
        id: 'exec-2',
        modelId: 'churn',
        sourceBucket: 'bucket-a',
        sourceFolder: 'in',
        lifecycle: ['FAILED'],
      });
      const failed = await runBuiltCli(start, { env: { QWAK_TOKEN: TOKEN } });
      expect(failed.stdout).toBe('exec-2\n');
      expect(failed.stderr).toContain('qwak-batch: error: Execution exec-2 ended with status failed');
      expect(failed.code).toBe(1);
    } finally {
      await rest.close();
    }
  });
});
