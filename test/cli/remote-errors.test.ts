/**
 * What the remote commands do when the platform cannot be reached or the command line is partly wrong: the
 * built CLI against real local servers (the gRPC and REST test servers, and a refused 127.0.0.1 port).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformGrpcServer } from '../servers/platform-grpc.js';
import { PlatformRestServer } from '../servers/platform-rest.js';
import { freePort } from '../setup/free-port.js';
import { PLATFORM_START_FLAGS, runBuiltCli } from './built-cli.js';

const TOKEN = 'tok_cli_errors_0123456789';
const API_KEY = 'key_cli_errors_0123456789';
let server: PlatformGrpcServer;
let rest: PlatformRestServer | undefined;

beforeEach(async () => {
  server = await PlatformGrpcServer.start({
    acceptToken: (t) => t === TOKEN || (rest?.issuedTokens.includes(t) ?? false),
  });
});
afterEach(async () => {
  await server.close();
  await rest?.close();
  rest = undefined;
});

const withToken = { env: { QWAK_TOKEN: TOKEN } };
/** A REST address that is never called, for tests that are not about --grpc-url alone. */
const UNUSED_BASE = ['--base-url', 'https://grpc.unused.example.com'];

describe('execution wait when the platform cannot be reached', () => {
  it('prints a line per failed check and gives up after 5 in a row with the last error (exit 1)', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await runBuiltCli(
      ['execution', 'wait', 'job-1', ...UNUSED_BASE, '--grpc-url', url, '--interval', '0.05'],
      withToken,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    lines.slice(0, 4).forEach((line, i) => {
      expect(line).toMatch(
        new RegExp(
          `^could not reach the platform \\(GetBatchJobStatus .* failed: UNAVAILABLE: .*\\); retrying in \\d+ ms \\(${i + 1} of 5 failed checks in a row\\)$`,
        ),
      );
    });
    expect(lines[4]).toMatch(/^qwak-batch: error: GetBatchJobStatus .* failed: UNAVAILABLE: .*ECONNREFUSED/);
  }, 60_000);

  it('says the state is unknown, not that it keeps running, when --timeout passes and no check answered', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await runBuiltCli(
      [
        'execution',
        'wait',
        'job-1',
        ...UNUSED_BASE,
        '--grpc-url',
        url,
        '--interval',
        '0.5',
        '--timeout',
        '1',
      ],
      withToken,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('keeps running');
    expect(run.stderr).toContain(
      'qwak-batch: error: Waiting for execution job-1 gave up after 1000 ms: the platform could not be reached, so its state is unknown (GetBatchJobStatus',
    );
  }, 60_000);

  it('start --wait follows a platform that stops answering the same way', async () => {
    rest = await PlatformRestServer.start({ token: TOKEN });
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await runBuiltCli(
      [
        'execution',
        'start',
        ...PLATFORM_START_FLAGS,
        '--base-url',
        rest.url,
        '--grpc-url',
        url,
        '--wait',
        '--interval',
        '0.05',
      ],
      withToken,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('exec-1\n');
    expect(run.stderr).toContain('retrying in 100 ms (1 of 5 failed checks in a row)');
    expect(run.stderr).toMatch(/qwak-batch: error: GetBatchJobStatus .*UNAVAILABLE/);
  }, 60_000);
});

describe('remote commands with --grpc-url alone', () => {
  it('status, list and wait need no --environment or --base-url', async () => {
    const job = server.addJob({
      modelId: 'churn',
      sourceBucket: 'b',
      sourceFolder: 'in',
      lifecycle: ['FINISHED'],
    });
    const status = await runBuiltCli(['execution', 'status', job.id, '--grpc-url', server.url], withToken);
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`${job.id}  finished  3/3 files`);
    const list = await runBuiltCli(
      ['execution', 'list', 'churn', '--grpc-url', server.url, '--json'],
      withToken,
    );
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(1);
    const wait = await runBuiltCli(['execution', 'wait', job.id, '--grpc-url', server.url], withToken);
    expect(wait.code).toBe(0);
  });

  it('an API key is exchanged at --auth-url, or at QWAK_AUTH_URL', async () => {
    rest = await PlatformRestServer.start({ apiKey: API_KEY });
    const job = server.addJob({
      modelId: 'churn',
      sourceBucket: 'b',
      sourceFolder: 'in',
      lifecycle: ['RUNNING'],
    });
    const byFlag = await runBuiltCli(
      ['execution', 'status', job.id, '--grpc-url', server.url, '--auth-url', rest.url],
      { env: { QWAK_API_KEY: API_KEY } },
    );
    expect(byFlag.stderr).toBe('');
    expect(byFlag.code).toBe(0);
    expect(rest.issuedTokens).toHaveLength(1);
    const byEnv = await runBuiltCli(['execution', 'status', job.id, '--grpc-url', server.url], {
      env: { QWAK_API_KEY: API_KEY, QWAK_AUTH_URL: rest.url },
    });
    expect(byEnv.code).toBe(0);
    expect(rest.issuedTokens).toHaveLength(2);
    expect(server.callsOf('GetBatchJobStatus').map((c) => c.authorization)).toEqual(
      rest.issuedTokens.map((t) => `Bearer ${t}`),
    );
  });

  it('still needs an address and credentials, and names a bad flag value before either', async () => {
    const none = await runBuiltCli(['execution', 'status', 'job-1'], withToken);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no platform address: give --environment <name>');
    expect(none.stderr).toContain('--grpc-url <url>');
    const noToken = await runBuiltCli(['execution', 'status', 'job-1', '--grpc-url', server.url]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('no credentials');
    const interval = await runBuiltCli(['execution', 'wait', 'job-1', '--interval', 'abc']);
    expect(interval.code).toBe(2);
    expect(interval.stderr).toContain('--interval must be a number of seconds > 0; got "abc"');
    const timeout = await runBuiltCli([
      'execution',
      'wait',
      'job-1',
      '--timeout',
      '-1',
      '--grpc-url',
      server.url,
    ]);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toContain('--timeout must be a number of seconds > 0; got "-1"');
    expect(server.calls).toEqual([]);
  });

  it('execution start checks --interval before it starts anything', async () => {
    rest = await PlatformRestServer.start({ token: TOKEN });
    const run = await runBuiltCli(
      ['execution', 'start', ...PLATFORM_START_FLAGS, '--base-url', rest.url, '--wait', '--interval', 'soon'],
      withToken,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--interval must be a number of seconds > 0; got "soon"');
    expect(rest.requests).toEqual([]);
  });
});

describe('execution start --wait --json', () => {
  it('prints the final status as execution wait --json does; exit 1 when the execution failed', async () => {
    rest = await PlatformRestServer.start({ token: TOKEN });
    const start = [
      'execution',
      'start',
      ...PLATFORM_START_FLAGS,
      '--base-url',
      rest.url,
      '--grpc-url',
      server.url,
      '--wait',
      '--interval',
      '0.05',
      '--json',
    ];
    server.addJob({
      id: 'exec-1',
      modelId: 'churn',
      sourceBucket: 'my-bucket',
      sourceFolder: 'in',
      lifecycle: ['RUNNING', 'FINISHED'],
    });
    const ok = await runBuiltCli(start, withToken);
    expect(ok.code).toBe(0);
    const status = JSON.parse(ok.stdout);
    expect(status).toMatchObject({
      executionId: 'exec-1',
      status: 'finished',
      finishedFiles: 3,
      totalFiles: 3,
    });
    const waited = await runBuiltCli(
      ['execution', 'wait', 'exec-1', ...UNUSED_BASE, '--grpc-url', server.url, '--json'],
      withToken,
    );
    expect(Object.keys(status)).toEqual(Object.keys(JSON.parse(waited.stdout)));
    expect(ok.stderr).toContain('Started execution exec-1');
    server.jobs.clear();
    server.addJob({
      id: 'exec-2',
      modelId: 'churn',
      sourceBucket: 'my-bucket',
      sourceFolder: 'in',
      lifecycle: ['FAILED'],
    });
    const failed = await runBuiltCli(start, withToken);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({
      error: {
        name: 'ExecutionFailedError',
        message: expect.stringContaining('Execution exec-2 ended with status failed'),
      },
      exitCode: 1,
    });
  });
});

describe('small things', () => {
  it('execution list aligns its header with its columns', async () => {
    server.addJob({ modelId: 'churn', sourceBucket: 'b1', sourceFolder: 'in', buildId: 'b-1' });
    server.addJob({ modelId: 'churn', sourceBucket: 'b1', sourceFolder: 'in2', buildId: 'b-2' });
    const run = await runBuiltCli(
      ['execution', 'list', 'churn', ...UNUSED_BASE, '--grpc-url', server.url],
      withToken,
    );
    expect(run.code).toBe(0);
    const [header, ...rows] = run.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^EXECUTION ID {2,}STATUS {2,}BUILD ID {2,}STARTED/);
    expect(rows).toHaveLength(2);
    // Each column's values start where its heading starts, two spaces after the widest cell before it.
    for (const heading of ['STATUS', 'BUILD ID', 'STARTED']) {
      const at = header!.indexOf(heading);
      for (const row of rows) {
        expect(row.slice(at - 2, at)).toBe('  ');
        expect(row[at]).not.toBe(' ');
      }
    }
  });

  it('--pods with --replicas names both spellings', async () => {
    const run = await runBuiltCli([
      'execution',
      'start',
      ...PLATFORM_START_FLAGS,
      '--pods',
      '4',
      '--replicas',
      '3',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'qwak-batch: usage error: --pods and --replicas were both given; they are the same option, give one',
    );
  });

  it('--debug prints the fields of a gRPC cause, not [object Object]', async () => {
    server.cue('GetBatchJobStatus', { code: 5, details: 'no batch job job-9' });
    const run = await runBuiltCli(
      ['execution', 'status', 'job-9', ...UNUSED_BASE, '--grpc-url', server.url, '--debug'],
      withToken,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('[object Object]');
    expect(run.stderr).toContain(
      "Caused by: { grpcCode: 5, grpcStatus: 'NOT_FOUND', details: 'no batch job job-9' }",
    );
  });
});
