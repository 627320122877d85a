import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_START_FLAGS, resolvedConfig, runBuiltCli } from './built-cli.js';

const REMOTE = PLATFORM_START_FLAGS;
const LOCAL = [
  '--model-id',
  'churn',
  '--source-folder',
  'file://examples/data',
  '--destination-folder',
  'file:///tmp/qb-out',
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qwak-batch-cli-flags-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('execution start: every flag lands in the config', () => {
  it('maps each execution, resource and advanced flag onto its field', async () => {
    const config = await resolvedConfig([
      '--model-id',
      'churn',
      '--build-id',
      'b-42',
      '--source-bucket',
      'src-bucket',
      '--source-folder',
      'batch/in',
      '--destination-bucket',
      'dst-bucket',
      '--destination-folder',
      'batch/out',
      '--input-file-type',
      'PARQUET',
      '--output-file-type',
      'feather',
      '--access-token-name',
      'tok-secret',
      '--access-secret-name',
      'sec-secret',
      '--service-account-key-secret-name',
      'gcp-key',
      '--job-timeout',
      '15m',
      '--file-timeout',
      '90',
      '--pods',
      '4',
      '--cpus',
      '0.5',
      '--memory',
      '2Gi',
      '--gpu-type',
      'nvidia_t4',
      '--gpu-amount',
      '1',
      '--purchase-option',
      'spot',
      '--iam-role-arn',
      'arn:aws:iam::123456789012:role/reader',
      '-P',
      'A=1',
      '--param',
      'B=two',
      '--parameter=C=3',
    ]);
    expect(config).toEqual({
      execution: {
        modelId: 'churn',
        buildId: 'b-42',
        sourceBucket: 'src-bucket',
        sourceFolder: 'batch/in',
        destinationBucket: 'dst-bucket',
        destinationFolder: 'batch/out',
        inputFileType: 'parquet',
        outputFileType: 'feather',
        accessTokenName: 'tok-secret',
        accessSecretName: 'sec-secret',
        serviceAccountKeySecretName: 'gcp-key',
        jobTimeout: 900,
        fileTimeout: 90,
        parameters: { A: '1', B: 'two', C: '3' },
        advancedOptions: { purchaseOption: 'spot', iamRoleArn: 'arn:aws:iam::123456789012:role/reader' },
      },
      resources: { pods: 4, cpus: 0.5, memory: 2048, gpuType: 'NVIDIA_T4', gpuAmount: 1 },
    });
  });

  it('maps --instance and --bucket', async () => {
    const config = (await resolvedConfig([...REMOTE, '--instance', 'gpu.a10.xl'])) as Record<string, unknown>;
    expect(config).toMatchObject({
      execution: { bucket: 'my-bucket' },
      resources: { instance: 'gpu.a10.xl' },
    });
  });

  it('keeps everything after the first "=" of -P (the Python CLI lost "=c")', async () => {
    const config = await resolvedConfig([...REMOTE, '-P', 'a=b=c', '-PQUERY=x==y', '-P', 'EMPTY=']);
    expect(config).toMatchObject({ execution: { parameters: { a: 'b=c', QUERY: 'x==y', EMPTY: '' } } });
  });

  it('takes --replicas as another name of --pods', async () => {
    expect(await resolvedConfig([...REMOTE, '--replicas', '3'])).toMatchObject({ resources: { pods: 3 } });
  });

  it("takes --task-timeout (the API's taskTimeout) as another name of --file-timeout", async () => {
    expect(await resolvedConfig([...REMOTE, '--task-timeout', '90'])).toMatchObject({
      execution: { fileTimeout: 90 },
    });
    const help = await runBuiltCli(['execution', 'start', '--help']);
    expect(help.stdout).toMatch(/--file-timeout, --task-timeout <seconds>\s+Limit of one file/);
  });

  it('passes an IAM role alone, without any other advanced option', async () => {
    const config = await resolvedConfig([...REMOTE, '--iam-role-arn', 'arn:aws:iam::123456789012:role/r']);
    expect(config).toMatchObject({
      execution: { advancedOptions: { iamRoleArn: 'arn:aws:iam::123456789012:role/r' } },
    });
    expect(
      (config as { execution: { advancedOptions: object } }).execution.advancedOptions,
    ).not.toHaveProperty('purchaseOption');
  });

  it('prints --out-conf as YAML that -f reads back to the same config', async () => {
    const args = [
      ...REMOTE,
      '--pods',
      '2',
      '-P',
      'K=v=w',
      '--iam-role-arn',
      'arn:aws:iam::123456789012:role/r',
    ];
    const yaml = await runBuiltCli(['execution', 'start', ...args, '--out-conf']);
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toContain('modelId: churn');
    const file = join(dir, 'round-trip.yaml');
    await writeFile(file, yaml.stdout);
    expect(await resolvedConfig(['-f', file])).toEqual(await resolvedConfig(args));
  });
});

describe('execution start --out-conf: no flag is dropped', () => {
  const MODEL = 'examples/models/identity-scorer.mjs';

  it('writes --executors as resources.pods, which -f reads back', async () => {
    const args = [...LOCAL, '--model', MODEL, '--executors', '2'];
    const yaml = await runBuiltCli(['execution', 'start', ...args, '--out-conf']);
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toMatch(/^resources:\n {2}pods: 2$/m);
    const file = join(dir, 'executors.yaml');
    await writeFile(file, yaml.stdout);
    expect(await resolvedConfig(['-f', file, '--model', MODEL])).toMatchObject({ resources: { pods: 2 } });
  });

  it('names a wrong --executors by that flag, not --pods', async () => {
    const run = await runBuiltCli(['execution', 'start', ...LOCAL, '--executors', 'many', '--out-conf']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('  - --executors: must be a number');
  });

  it('names on stderr, in one note, the run-only flags the config cannot hold; stdout is the config alone', async () => {
    const plain = await runBuiltCli(['execution', 'start', ...LOCAL, '--out-conf']);
    const run = await runBuiltCli([
      'execution',
      'start',
      ...LOCAL,
      '--model',
      MODEL,
      '--resume',
      '--max-failed-files',
      '2',
      '--csv-delimiter',
      ';',
      '--worker-max-heap',
      '512',
      '--no-fsync',
      '--progress',
      'none',
      '--out-conf',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(plain.stdout);
    expect(run.stderr).toBe(
      'note: --model, --resume, --max-failed-files, --csv-delimiter, --worker-max-heap, --no-fsync, --progress are not part of the configuration; give them again beside -f\n',
    );
  });

  it('says "it" for one flag, and names platform-only flags that are not config either (--wait)', async () => {
    const local = await runBuiltCli(['execution', 'start', ...LOCAL, '--dry-run', '--out-conf', '--json']);
    expect(local.code).toBe(0);
    expect(JSON.parse(local.stdout)).toMatchObject({ execution: { modelId: 'churn' } });
    expect(local.stderr).toBe('note: --dry-run is not part of the configuration; give it again beside -f\n');
    const remote = await runBuiltCli(['execution', 'start', ...REMOTE, '--wait', '--out-conf']);
    expect(remote.stderr).toContain('note: --wait is not part of the configuration');
  });

  it('prints no note when every flag is in the config', async () => {
    const run = await runBuiltCli(['execution', 'start', ...REMOTE, '--pods', '3', '--out-conf']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('execution start --from-file', () => {
  it('reads a YAML file with snake_case keys, as written for the Python client', async () => {
    const file = join(dir, 'python.yaml');
    await writeFile(
      file,
      [
        'execution:',
        '  model_id: churn',
        '  bucket: my-bucket',
        '  source_folder: in',
        '  destination_folder: out',
        '  input_file_type: parquet',
        '  parameters: { MY_KEY: v }',
        '  advanced_options: { purchase_option: on-demand }',
        'resources:',
        '  pods: 2',
        '',
      ].join('\n'),
    );
    expect(await resolvedConfig(['--from-file', file])).toEqual({
      execution: {
        modelId: 'churn',
        bucket: 'my-bucket',
        sourceFolder: 'in',
        destinationFolder: 'out',
        inputFileType: 'parquet',
        outputFileType: 'csv',
        jobTimeout: 0,
        fileTimeout: 0,
        parameters: { MY_KEY: 'v' },
        advancedOptions: { purchaseOption: 'on-demand' },
      },
      resources: { pods: 2 },
    });
  });

  it('reads JSON, and flags override the file value by value', async () => {
    const file = join(dir, 'config.json');
    await writeFile(
      file,
      JSON.stringify({
        execution: {
          modelId: 'from-file',
          bucket: 'b1',
          sourceFolder: 'in',
          destinationFolder: 'out',
          parameters: { A: '1', B: '2' },
        },
        resources: { pods: 2, cpus: 1 },
      }),
    );
    const config = await resolvedConfig([
      '-f',
      file,
      '--model-id',
      'from-flag',
      '--pods',
      '8',
      '-P',
      'B=flag',
    ]);
    expect(config).toMatchObject({
      execution: { modelId: 'from-flag', bucket: 'b1', parameters: { A: '1', B: 'flag' } },
      resources: { pods: 8, cpus: 1 },
    });
  });

  it('names the file in the error when one of its values is wrong, and exits 2', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      'execution:\n  modelId: m\n  bucket: b\n  sourceFolder: in\n  destinationFolder: out\nresources:\n  pods: many\n',
    );
    const run = await runBuiltCli(['execution', 'start', '-f', file]);
    expect(run.code).toBe(2);
    // The line and column of the value, as ExecutionConfig.fromFile gives them.
    expect(run.stderr).toContain(`resources.pods (in ${file}): line 7, column 3: must be a number`);
  });

  it('names both keys, with their section, when the file writes a field in both cases', async () => {
    const file = join(dir, 'twice.yaml');
    await writeFile(
      file,
      'execution:\n  model_id: m\n  modelId: n\n  bucket: b\n  sourceFolder: in\n  destinationFolder: out\n',
    );
    const run = await runBuiltCli(['execution', 'start', '-f', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('execution.model_id and execution.modelId name the same field; give one');
  });

  it('exits 2 naming the file when it does not exist or is not YAML', async () => {
    const missing = await runBuiltCli(['execution', 'start', '-f', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml: no such file');
    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, 'execution: [unclosed\n');
    const bad = await runBuiltCli(['execution', 'start', '-f', broken]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/broken\.yaml is not valid yaml: .* at line 2/i);
  });
});

describe('execution start: usage errors exit 2 with one clear message', () => {
  const cases: [string, string[], string][] = [
    [
      'an unknown flag, with a suggestion',
      [...REMOTE, '--modle-id', 'x'],
      'unknown option --modle-id: did you mean --model-id?',
    ],
    [
      'a flag named by the words of a known one, with that one as the suggestion',
      [...REMOTE, '--input-type', 'csv'],
      'unknown option --input-type: did you mean --input-file-type?',
    ],
    [
      'a flag named by the start of a word of a known one',
      [...REMOTE, '--out-type', 'csv'],
      'unknown option --out-type: did you mean --output-file-type?',
    ],
    [
      'a flag that is the start of several, naming them',
      [...REMOTE, '--source', 'x'],
      'unknown option --source: did you mean --source-bucket or --source-folder?',
    ],
    ['a flag without its value', [...REMOTE, '--pods'], '--pods needs a value <n>'],
    ['a flag given twice', [...REMOTE, '--pods', '1', '--pods', '2'], '--pods was given twice'],
    ['-P without "="', [...REMOTE, '-P', 'NOVALUE'], '-P takes KEY=VALUE'],
    ['-P with an empty name', [...REMOTE, '-P', '=v'], '-P needs a name before "="'],
    ['the same parameter twice', [...REMOTE, '-P', 'A=1', '-P', 'A=2'], '-P A was given twice'],
    ['a value on a boolean flag', [...REMOTE, '--json=yes'], '--json takes no value'],
    ['a stray argument', [...REMOTE, 'extra'], 'unexpected argument "extra"'],
    [
      'a parameter that is not an environment variable name',
      [...REMOTE, '-P', '1BAD=x'],
      '--param: parameter name "1BAD" is not a valid',
    ],
    [
      'an unknown file type',
      [...REMOTE, '--input-file-type', 'xls'],
      '--input-file-type: must be one of csv, parquet, feather',
    ],
    ['a bad memory size', [...REMOTE, '--memory', '2Zi'], '--memory: must be a whole number of MiB'],
    ['a bad purchase option', [...REMOTE, '--purchase-option', 'cheap'], '--purchase-option'],
    ['a bad IAM role', [...REMOTE, '--iam-role-arn', 'role/reader'], '--iam-role-arn'],
    [
      '--instance with --cpus',
      [...REMOTE, '--instance', 'small', '--cpus', '1'],
      'cannot be combined with instance',
    ],
  ];
  for (const [what, args, message] of cases) {
    it(`for ${what}`, async () => {
      const run = await runBuiltCli(['execution', 'start', ...args, '--out-conf']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(message);
      expect(run.stderr).toContain('Run "qwak-batch execution start --help" for usage.');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('lists every missing required field at once, by flag', async () => {
    const run = await runBuiltCli(['execution', 'start', '--source-folder', 'in']);
    expect(run.code).toBe(2);
    for (const flag of ['--model-id', '--destination-folder', '--source-bucket', '--destination-bucket']) {
      expect(run.stderr).toContain(`  - ${flag}: required`);
    }
  });
});

describe('execution start: a flag that does not apply to the mode is an error', () => {
  const pods = "it sizes or buys the platform's pods";
  const remoteOnly: [string, string[], string][] = [
    ['--cpus', ['1'], pods],
    ['--memory', ['512'], pods],
    ['--gpu-type', ['NVIDIA_T4', '--gpu-amount', '1'], pods],
    ['--instance', ['small'], pods],
    ['--purchase-option', ['spot'], pods],
    ['--wait', [], 'a local run has ended when the command returns'],
    ['--grpc-url', ['grpc.example:443'], 'it addresses the platform, which a local run does not call'],
  ];
  for (const [flag, values, why] of remoteOnly) {
    it(`rejects ${flag} on a local run, saying why`, async () => {
      const run = await runBuiltCli(['execution', 'start', ...LOCAL, flag, ...values, '--out-conf']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${flag} does not apply to a local run (${why})`);
    });
  }
  for (const [flag, value] of [['--executors', '2'], ['--resume'], ['--dry-run'], ['--progress', 'bar']]) {
    it(`rejects ${flag} on a platform run`, async () => {
      const run = await runBuiltCli([
        'execution',
        'start',
        ...REMOTE,
        flag!,
        ...(value ? [value] : []),
        '--out-conf',
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${flag} applies only to a local run`);
    });
  }
  it('rejects S3 and GCS access flags on file:// folders, and --bucket when both folders are URIs', async () => {
    const run = await runBuiltCli([
      'execution',
      'start',
      ...LOCAL,
      '--access-token-name',
      'T',
      '--service-account-key-secret-name',
      'K',
      '--bucket',
      'b',
      '--out-conf',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('3 options do not apply');
    expect(run.stderr).toContain('--access-token-name applies only to s3:// folders');
    expect(run.stderr).toContain('--service-account-key-secret-name applies only to gs:// folders');
    expect(run.stderr).toContain('--bucket does not apply');
  });
  it('rejects --pods with --executors, and --environment with --model', async () => {
    const run = await runBuiltCli([
      'execution',
      'start',
      ...LOCAL,
      '--pods',
      '2',
      '--executors',
      '2',
      '--model',
      'm.mjs',
      '--environment',
      'acme',
      '--out-conf',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--pods and --executors');
    expect(run.stderr).toContain('--environment does not apply');
  });
  it('accepts the flags that apply to a local run: pods, timeouts, parameters, build id', async () => {
    const config = await resolvedConfig([
      ...LOCAL,
      '--pods',
      '2',
      '--file-timeout',
      '30',
      '--job-timeout',
      '60',
      '-P',
      'X=1',
      '--build-id',
      'b1',
      '--model',
      'examples/models/identity-scorer.mjs',
    ]);
    expect(config).toMatchObject({
      execution: { fileTimeout: 30, jobTimeout: 60, buildId: 'b1', parameters: { X: '1' } },
      resources: { pods: 2 },
    });
  });
});
