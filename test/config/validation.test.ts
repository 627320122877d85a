import { describe, expect, it } from 'vitest';
import { ExecutionConfig } from '../../src/config/index.js';
import { ConfigError, QwakBatchError } from '../../src/errors.js';

const valid = {
  modelId: 'churn-model',
  bucket: 'my-bucket',
  sourceFolder: 'batch/input',
  destinationFolder: 'batch/output',
};

/** The issues of the ConfigError that building `build()` throws. */
function issuesOf(build: () => unknown): Record<string, string> {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect(QwakBatchError.isInstance(error)).toBe(true);
    return Object.fromEntries((error as ConfigError).issues.map((i) => [i.path, i.message]));
  }
  throw new Error('expected a ConfigError');
}

const execution = (patch: Record<string, unknown>) => () =>
  new ExecutionConfig.Execution({ ...valid, ...patch } as ConstructorParameters<
    typeof ExecutionConfig.Execution
  >[0]);
const resources = (input: Record<string, unknown>) => () =>
  new ExecutionConfig.Resources(input as ConstructorParameters<typeof ExecutionConfig.Resources>[0]);

describe('ExecutionConfig.Execution validation', () => {
  it('accepts the minimal config and applies defaults', () => {
    const e = new ExecutionConfig.Execution(valid);
    expect(e).toMatchObject({ inputFileType: 'csv', outputFileType: 'csv', jobTimeout: 0, fileTimeout: 0 });
    expect(e.parameters).toEqual({});
    expect(e.buildId).toBeUndefined();
  });

  it('requires the model id', () => {
    expect(issuesOf(execution({ modelId: undefined }))['execution.modelId']).toMatch(
      /^required: the model id/,
    );
    expect(issuesOf(execution({ modelId: '  ' }))['execution.modelId']).toMatch(/must not be empty/);
    expect(issuesOf(execution({ modelId: 7 }))['execution.modelId']).toMatch(/must be a string/);
  });

  it('requires bucket, or both source and destination buckets', () => {
    const none = issuesOf(execution({ bucket: undefined }));
    expect(none['execution.sourceBucket']).toMatch(/required when "bucket" is not set/);
    expect(none['execution.destinationBucket']).toMatch(/required when "bucket" is not set/);
    const half = issuesOf(execution({ bucket: undefined, sourceBucket: 'in' }));
    expect(Object.keys(half)).toEqual(['execution.destinationBucket']);
    expect(() => execution({ bucket: undefined, sourceBucket: 'a', destinationBucket: 'b' })()).not.toThrow();
  });

  it('names a local path written without file:// as such, with the URI to write instead', () => {
    const hint = (folder: string) =>
      issuesOf(execution({ bucket: undefined, sourceFolder: folder, destinationFolder: 's3://b/out' }));
    for (const [folder, uri] of [
      ['/data/in', '"file:///data/in"'],
      ['./in', '"file://./in"'],
      ['../in', '"file://../in"'],
      ['C:\\data\\in', '"file:///C:/data/in"'],
      ['~/in', 'the absolute path of "~/in"'],
    ]) {
      const issues = hint(folder!);
      expect(Object.keys(issues)).toEqual(['execution.sourceFolder']);
      expect(issues['execution.sourceFolder']).toMatch(/^looks like a local path, and no bucket is set/);
      expect(issues['execution.sourceFolder']).toContain(uri!);
    }
    // A relative path may be a path in a bucket: the bucket is what is missing.
    expect(Object.keys(hint('data/in'))).toEqual(['execution.sourceBucket']);
    // With a bucket, "/data/in" is a path in it.
    expect(() => execution({ sourceFolder: '/data/in' })()).not.toThrow();
  });

  it('takes URIs as folders without buckets, and refuses unknown schemes', () => {
    expect(() =>
      execution({ bucket: undefined, sourceFolder: 'file://./in', destinationFolder: 's3://b/out' })(),
    ).not.toThrow();
    expect(issuesOf(execution({ sourceFolder: 'ftp://host/x' }))['execution.sourceFolder']).toMatch(
      /unknown scheme/,
    );
    expect(
      issuesOf(execution({ sourceFolder: 's3://b/in', sourceBucket: 'c' }))['execution.sourceBucket'],
    ).toMatch(/must be left out/);
  });

  it('requires both folders', () => {
    const issues = issuesOf(execution({ sourceFolder: undefined, destinationFolder: '' }));
    expect(issues['execution.sourceFolder']).toMatch(/^required: the path in the source bucket/);
    expect(issues['execution.destinationFolder']).toMatch(/must not be empty/);
  });

  it('reads file types case-insensitively and names the allowed ones', () => {
    expect(
      new ExecutionConfig.Execution({ ...valid, inputFileType: 'PARQUET', outputFileType: 'Feather' }),
    ).toMatchObject({
      inputFileType: 'parquet',
      outputFileType: 'feather',
    });
    expect(issuesOf(execution({ inputFileType: 'xlsx' }))['execution.inputFileType']).toBe(
      'must be one of csv, parquet, feather (case-insensitive); got "xlsx"',
    );
    expect(issuesOf(execution({ outputFileType: 3 }))['execution.outputFileType']).toMatch(/got 3$/);
  });

  it('takes timeouts as whole seconds >= 0 or duration strings', () => {
    expect(new ExecutionConfig.Execution({ ...valid, jobTimeout: '2h', fileTimeout: '90s' })).toMatchObject({
      jobTimeout: 7200,
      fileTimeout: 90,
    });
    expect(new ExecutionConfig.Execution({ ...valid, fileTimeout: '15m' }).fileTimeout).toBe(900);
    for (const bad of [-1, 1.5, 'soon', '10d']) {
      expect(issuesOf(execution({ jobTimeout: bad }))['execution.jobTimeout']).toMatch(
        /must be a whole number of seconds >= 0 \(0 = no timeout\)/,
      );
      expect(issuesOf(execution({ fileTimeout: bad }))['execution.fileTimeout']).toMatch(
        /whole number of seconds/,
      );
    }
  });

  it('requires parameter keys to be environment variable names and values strings', () => {
    const issues = issuesOf(execution({ parameters: { GOOD: 'x', '1BAD': 'y', 'has-dash': 'z', NUM: 5 } }));
    expect(issues['execution.parameters.1BAD']).toMatch(/not a valid environment variable name/);
    expect(issues['execution.parameters.has-dash']).toMatch(/not a valid environment variable name/);
    expect(issues['execution.parameters.NUM']).toBe(
      'must be a string (parameters become environment variables); got 5, write it as "5"',
    );
    expect(issues['execution.parameters.GOOD']).toBeUndefined();
    expect(issuesOf(execution({ parameters: ['A=1'] }))['execution.parameters']).toMatch(/must be an object/);
  });

  it('checks the purchase option and the IAM role ARN', () => {
    const ok = new ExecutionConfig.Execution({
      ...valid,
      advancedOptions: { purchaseOption: 'SPOT', iamRoleArn: 'arn:aws:iam::123456789012:role/batch-reader' },
    });
    expect(ok.advancedOptions).toBeInstanceOf(ExecutionConfig.AdvancedOptions);
    expect(ok.advancedOptions?.purchaseOption).toBe('spot');
    expect(new ExecutionConfig.AdvancedOptions({ purchaseOption: 'ondemand' }).purchaseOption).toBe(
      'on-demand',
    );
    const issues = issuesOf(
      execution({ advancedOptions: { purchaseOption: 'reserved', iamRoleArn: 'my-role' } }),
    );
    expect(issues['execution.advancedOptions.purchaseOption']).toBe(
      'must be "on-demand" or "spot"; got "reserved"',
    );
    expect(issues['execution.advancedOptions.iamRoleArn']).toMatch(/must be an IAM role ARN such as/);
    expect(() => new ExecutionConfig.AdvancedOptions({ iamRoleArn: 'arn:aws:iam::12345:role/x' })).toThrow(
      /advancedOptions.iamRoleArn: must be an IAM role ARN/,
    );
  });

  it('names unknown fields with a suggestion', () => {
    const issues = issuesOf(execution({ modelID: 'x', sourceFolders: 'y' }));
    expect(issues['execution.modelID']).toBe('unknown field: did you mean "modelId"?');
    expect(issues['execution.sourceFolders']).toBe('unknown field: did you mean "sourceFolder"?');
  });

  it('reports every problem at once in one message', () => {
    const build = execution({ modelId: '', bucket: undefined, inputFileType: 'xls', jobTimeout: -5 });
    const issues = issuesOf(build);
    expect(Object.keys(issues).sort()).toEqual([
      'execution.destinationBucket',
      'execution.inputFileType',
      'execution.jobTimeout',
      'execution.modelId',
      'execution.sourceBucket',
    ]);
    expect(build).toThrow(/Invalid execution \(5 problems\):\n {2}- execution\.modelId: /);
  });
});

describe('ExecutionConfig.Resources validation', () => {
  it('accepts pods, cpus, memory in MiB or with units', () => {
    expect(new ExecutionConfig.Resources({ pods: 4, cpus: 0.5, memory: '2Gi' })).toMatchObject({
      pods: 4,
      cpus: 0.5,
      memory: 2048,
    });
    expect(new ExecutionConfig.Resources({ memory: 512 }).memory).toBe(512);
    expect(new ExecutionConfig.Resources({ memory: '512Mi' }).memory).toBe(512);
    expect(new ExecutionConfig.Resources({ memory: '1.5Gi' }).memory).toBe(1536);
    expect(new ExecutionConfig.Resources({ pods: 0 }).pods).toBe(0);
  });

  it('refuses negative pods, cpus <= 0 and bad memory', () => {
    expect(issuesOf(resources({ pods: -1 }))['resources.pods']).toMatch(/must be >= 0/);
    expect(issuesOf(resources({ pods: 1.5 }))['resources.pods']).toMatch(/must be a whole number/);
    expect(issuesOf(resources({ cpus: 0 }))['resources.cpus']).toMatch(/must be > 0/);
    expect(issuesOf(resources({ cpus: '1' }))['resources.cpus']).toMatch(/must be a number of CPU cores/);
    for (const bad of ['2GB', '-1Mi', 0, 1.5, '0.3Mi', 'lots']) {
      expect(issuesOf(resources({ memory: bad }))['resources.memory']).toMatch(
        /must be a whole number of MiB > 0, or a string such as "512Mi" or "2Gi"/,
      );
    }
  });

  it('takes GPU types of the platform enum, with an amount', () => {
    expect(new ExecutionConfig.Resources({ gpuType: 'nvidia_t4', gpuAmount: 1 }).gpuType).toBe('NVIDIA_T4');
    expect(issuesOf(resources({ gpuType: 'RTX_4090', gpuAmount: 1 }))['resources.gpuType']).toMatch(
      /^must be one of NVIDIA_K80, .*NVIDIA_A10G/,
    );
    expect(issuesOf(resources({ gpuType: 'NVIDIA_A100' }))['resources.gpuAmount']).toMatch(
      /required when gpuType/,
    );
    expect(issuesOf(resources({ gpuAmount: 2 }))['resources.gpuType']).toMatch(/required when gpuAmount/);
  });

  it('checks instance ids and refuses mixing them with explicit sizes', () => {
    expect(new ExecutionConfig.Resources({ instance: 'gpu.a10.xl', pods: 2 }).instance).toBe('gpu.a10.xl');
    expect(issuesOf(resources({ instance: 'very big' }))['resources.instance']).toMatch(
      /must be an instance type/,
    );
    expect(issuesOf(resources({ instance: 'small', cpus: 2 }))['resources.cpus']).toMatch(
      /cannot be combined with instance/,
    );
  });
});

describe('ExecutionConfig.Warmup validation', () => {
  it('takes a timeout in seconds', () => {
    expect(new ExecutionConfig.Warmup({ timeout: '30m' }).timeout).toBe(1800);
    expect(new ExecutionConfig.Warmup().timeout).toBe(0);
    expect(() => new ExecutionConfig.Warmup({ timeout: -1 })).toThrow(
      /warmup.timeout: must be a whole number/,
    );
  });
});

describe('ExecutionConfig', () => {
  it('validates all sections at once', () => {
    const issues = issuesOf(() =>
      ExecutionConfig.fromObject({
        execution: { ...valid, modelId: '' },
        resources: { pods: -2 },
        warmup: { timeout: 'x' },
      }),
    );
    expect(Object.keys(issues).sort()).toEqual(['execution.modelId', 'resources.pods', 'warmup.timeout']);
  });

  it('requires the execution section', () => {
    expect(issuesOf(() => ExecutionConfig.fromObject({})).execution).toBe('must be an object (required)');
    expect(issuesOf(() => ExecutionConfig.fromObject('model'))['(root)']).toMatch(/must be an object/);
    const sections = issuesOf(() =>
      ExecutionConfig.fromObject({ execution: valid, resources: 'big', warmup: 3 }),
    );
    expect(sections).toEqual({ resources: 'must be an object', warmup: 'must be an object' });
  });
});

describe('error tree checks', () => {
  it('isInstance works for subclasses with their own constructors, and across copies', async () => {
    const {
      APIStatusError,
      AuthenticationError,
      ConfigError: CE,
      StorageError,
    } = await import('../../src/errors.js');
    const error = APIStatusError.from({ method: 'POST', url: 'https://x/y', status: 401 });
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(APIStatusError.isInstance(error)).toBe(true);
    expect(StorageError.isInstance(error)).toBe(false);
    expect(CE.isInstance(new Error('x'))).toBe(false);
    // A copy of the error from another installed copy of the package: same markers, other prototype.
    const foreign = Object.create(null) as Record<symbol, unknown>;
    foreign[Symbol.for('qwak-batch.error.AuthenticationError')] = true;
    expect(AuthenticationError.isInstance(foreign)).toBe(true);
  });
});
