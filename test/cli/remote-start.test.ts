import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toStartJobBody } from '../../src/api/rest/start-job-body.js';
import { sampleConfig } from '../api/fixtures.js';
import { PlatformRestServer } from '../servers/platform-rest.js';
import { runBuiltCli } from './built-cli.js';

const TOKEN = 'tok_cli_0123456789abcdef';
let server: PlatformRestServer;

beforeEach(async () => {
  server = await PlatformRestServer.start({ token: TOKEN });
});
afterEach(async () => {
  await server.close();
});

const FLAGS = [
  '--model-id',
  'churn-model',
  '--build-id',
  'build-42',
  '--bucket',
  'my-bucket',
  '--source-folder',
  'batch/input',
  '--destination-folder',
  'batch/output',
  '--input-file-type',
  'parquet',
  '--output-file-type',
  'csv',
  '--access-token-name',
  'aws-token',
  '--access-secret-name',
  'aws-secret',
  '--job-timeout',
  '3600',
  '--file-timeout',
  '600',
  '-P',
  'THRESHOLD=0.5',
  '-P',
  'MODE=a=b=c',
  '--purchase-option',
  'spot',
  '--iam-role-arn',
  'arn:aws:iam::123456789012:role/reader',
  '--replicas',
  '4',
  '--cpus',
  '1',
  '--memory',
  '512',
];

/** The same execution built in code (the API tests' sample): the CLI must send exactly its body. */
const CONFIG = sampleConfig();

const start = (args: string[], env: Record<string, string> = { QWAK_TOKEN: TOKEN }) =>
  runBuiltCli(['execution', 'start', ...args, '--base-url', server.url], { env });

describe('execution start on the platform (REST, against a local test server)', () => {
  it('sends the start-job body of the same config built in code, and prints the execution id alone', async () => {
    server.expectedStartBody = JSON.parse(JSON.stringify(toStartJobBody(CONFIG)));
    const run = await start(FLAGS);
    expect(server.violations).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('exec-1\n');
    expect(run.stderr).toContain('qwak-batch execution wait exec-1');
    const [request] = server.requestsTo('start-job');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('sends an IAM role alone', async () => {
    const run = await start([
      '--model-id',
      'm',
      '--bucket',
      'my-bucket',
      '--source-folder',
      'in',
      '--destination-folder',
      'out',
      '--iam-role-arn',
      'arn:aws:iam::123456789012:role/only',
    ]);
    expect(run.code).toBe(0);
    const body = JSON.parse(server.requestsTo('start-job')[0]!.body);
    expect(body.advanced_deployment_options).toEqual({
      custom_iam_role_arn: 'arn:aws:iam::123456789012:role/only',
    });
  });

  it('prints {"executionId"} with --json', async () => {
    const run = await start([...FLAGS, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ executionId: 'exec-1' });
  });

  it('takes bucket URIs as folders', async () => {
    const run = await start([
      '--model-id',
      'm',
      '--source-folder',
      's3://in-bucket/a/b',
      '--destination-folder',
      's3://out-bucket/c',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(server.requestsTo('start-job')[0]!.body)).toMatchObject({
      source_bucket: 'in-bucket',
      source_folder: 'a/b',
      destination_bucket: 'out-bucket',
      destination_folder: 'c',
    });
  });

  it("exits 1 with the platform's reason when it refuses the execution", async () => {
    server.script('start-job', {
      kind: 'json',
      body: { batch_id: '', success: false, failure_message: 'model churn-model is not deployed' },
    });
    const run = await start(FLAGS);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'qwak-batch: error: The platform refused to start the execution: model churn-model is not deployed\n',
    );
  });

  it('exits 1 on an HTTP error, and never prints the token', async () => {
    server.script('start-job', { kind: 'json', status: 400, body: { message: 'bad request' } });
    const run = await start([...FLAGS, '--debug']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^qwak-batch: error: POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/batch-job\/start-job failed with HTTP 400/,
    );
    expect(run.stderr).not.toContain(TOKEN);
  });

  it('exits 2 when no credentials or no address are given', async () => {
    const noToken = await start(FLAGS, {});
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('no credentials: set QWAK_TOKEN (a token) or QWAK_API_KEY (an API key)');
    const noAddress = await runBuiltCli(['execution', 'start', ...FLAGS], { env: { QWAK_TOKEN: TOKEN } });
    expect(noAddress.code).toBe(2);
    expect(noAddress.stderr).toContain('no platform address: give --environment <name>');
    expect(server.requests).toEqual([]);
  });

  it('reads the environment from QWAK_ENVIRONMENT and refuses a bad one with exit 2', async () => {
    const run = await runBuiltCli(['execution', 'start', ...FLAGS], {
      env: { QWAK_TOKEN: TOKEN, QWAK_ENVIRONMENT: 'not a name!' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('environment must be the account');
  });
});
