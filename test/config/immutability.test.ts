import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ExecutionConfig } from '../../src/config/index.js';
import { ConfigError } from '../../src/errors.js';

const full = new ExecutionConfig({
  execution: new ExecutionConfig.Execution({
    modelId: 'churn-model',
    buildId: 'b-123',
    sourceBucket: 'in-bucket',
    destinationBucket: 'out-bucket',
    sourceFolder: 'batch/input',
    destinationFolder: 'batch/output',
    inputFileType: 'parquet',
    outputFileType: 'feather',
    accessTokenName: 'token-secret',
    accessSecretName: 'secret-secret',
    serviceAccountKeySecretName: 'gcp-key',
    jobTimeout: 3600,
    fileTimeout: 600,
    parameters: { THRESHOLD: '0.5', MODE: 'a=b=c' },
    advancedOptions: new ExecutionConfig.AdvancedOptions({
      purchaseOption: 'spot',
      iamRoleArn: 'arn:aws:iam::123456789012:role/batch',
    }),
  }),
  resources: new ExecutionConfig.Resources({
    pods: 4,
    cpus: 2,
    memory: '4Gi',
    gpuType: 'NVIDIA_T4',
    gpuAmount: 1,
  }),
  warmup: new ExecutionConfig.Warmup({ timeout: 1800 }),
});

describe('immutability', () => {
  it('freezes configs, sections and parameters', () => {
    expect(Object.isFrozen(full)).toBe(true);
    expect(Object.isFrozen(full.execution)).toBe(true);
    expect(Object.isFrozen(full.execution.parameters)).toBe(true);
    expect(Object.isFrozen(full.resources)).toBe(true);
    expect(() => {
      (full.execution as { modelId: string }).modelId = 'other';
    }).toThrow(TypeError);
    expect(full.execution.modelId).toBe('churn-model');
  });

  it('with() returns a validated copy and leaves the original alone', () => {
    const changed = full.with({
      execution: { buildId: 'b-456', advancedOptions: { purchaseOption: 'on-demand' } },
      resources: { pods: 8 },
    });
    expect(changed).not.toBe(full);
    expect(changed.execution.buildId).toBe('b-456');
    expect(changed.execution.advancedOptions?.purchaseOption).toBe('on-demand');
    expect(changed.execution.advancedOptions?.iamRoleArn).toBe('arn:aws:iam::123456789012:role/batch');
    expect(changed.resources.pods).toBe(8);
    expect(changed.resources.memory).toBe(4096);
    expect(full.execution.buildId).toBe('b-123');
    expect(full.resources.pods).toBe(4);
    expect(() => full.with({ resources: { pods: -1 } })).toThrow(ConfigError);
    expect(full.execution.with({ jobTimeout: '1h' }).jobTimeout).toBe(3600);
    expect(full.with({ warmup: { timeout: 60 } }).warmup?.timeout).toBe(60);
  });
});

describe('round trips', () => {
  it('fromObject(toObject()) gives an equal config', () => {
    const object = full.toObject();
    expect(ExecutionConfig.fromObject(object).toObject()).toEqual(object);
    expect(JSON.parse(JSON.stringify(full))).toEqual(object);
    expect(object.resources).toEqual({ pods: 4, cpus: 2, memory: 4096, gpuType: 'NVIDIA_T4', gpuAmount: 1 });
    expect(object.execution.parameters).toEqual({ THRESHOLD: '0.5', MODE: 'a=b=c' });
  });

  it('reads snake_case keys as written for the Python client, keeping parameter names', () => {
    const config = ExecutionConfig.fromObject({
      execution: {
        model_id: 'm',
        bucket: 'b',
        source_folder: 'in',
        destination_folder: 'out',
        input_file_type: 'CSV',
        job_timeout: 10,
        parameters: { my_param: 'x' },
        advanced_options: { purchase_option: 'spot', iam_role_arn: 'arn:aws:iam::123456789012:role/r' },
      },
      resources: { pods: 2, gpu_type: 'NVIDIA_L4', gpu_amount: 1 },
    });
    expect(config.execution.parameters).toEqual({ my_param: 'x' });
    expect(config.execution.advancedOptions?.purchaseOption).toBe('spot');
    expect(config.resources.gpuType).toBe('NVIDIA_L4');
  });

  it('fromFile() reads YAML and JSON and round-trips', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qwak-config-'));
    const yamlPath = join(dir, 'config.yaml');
    const jsonPath = join(dir, 'config.json');
    await writeFile(yamlPath, stringify(full.toObject()));
    await writeFile(jsonPath, JSON.stringify(full.toObject()));
    expect((await ExecutionConfig.fromFile(yamlPath)).toObject()).toEqual(full.toObject());
    expect((await ExecutionConfig.fromFile(jsonPath)).toObject()).toEqual(full.toObject());
  });

  it('fromFile() names the file and the problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qwak-config-'));
    const bad = join(dir, 'bad.yaml');
    await writeFile(
      bad,
      'execution:\n  modelId: m\n  bucket: b\n  sourceFolder: in\n  destinationFolder: out\n  jobTimeout: -3\n',
    );
    await expect(ExecutionConfig.fromFile(bad)).rejects.toThrow(
      new RegExp(
        `Invalid configuration in ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(1 problem\\):\\n  - execution.jobTimeout: line 6, column 3: must be a whole number`,
      ),
    );
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"execution": ');
    await expect(ExecutionConfig.fromFile(broken)).rejects.toThrow(
      /broken\.json is not valid JSON: .* at line 1, column 15$/m,
    );
    await expect(ExecutionConfig.fromFile(join(dir, 'missing.yaml'))).rejects.toThrow(
      /missing\.yaml: no such file/,
    );
  });
});
