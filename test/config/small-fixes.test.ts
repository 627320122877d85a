import { describe, expect, it } from 'vitest';
import { ExecutionConfig } from '../../src/config/index.js';
import { issueMessages } from './issues-of.js';

const valid = { modelId: 'm', bucket: 'b', sourceFolder: 'in', destinationFolder: 'out' };

describe('values JSON cannot show', () => {
  it('shows NaN and Infinity as themselves, not as null', async () => {
    const issues = await issueMessages(() =>
      ExecutionConfig.fromObject({
        execution: { ...valid, jobTimeout: Number.NaN, fileTimeout: Number.POSITIVE_INFINITY },
        resources: { pods: Number.NaN, memory: Number.NEGATIVE_INFINITY, cpus: Number.NaN },
        warmup: { timeout: 10n },
      }),
    );
    expect(issues['execution.jobTimeout']).toMatch(/; got NaN$/);
    expect(issues['execution.fileTimeout']).toMatch(/; got Infinity$/);
    expect(issues['resources.pods']).toMatch(/; got NaN$/);
    expect(issues['resources.memory']).toMatch(/; got -Infinity$/);
    expect(issues['resources.cpus']).toMatch(/; got NaN$/);
    expect(issues['warmup.timeout']).toMatch(/; got 10n$/);
  });
});

describe('a config that is not an object', () => {
  it('is a ConfigError saying what is expected, also from JavaScript without arguments', async () => {
    const Untyped = ExecutionConfig as unknown as new (options?: unknown) => ExecutionConfig;
    for (const [input, got] of [
      [undefined, 'undefined'],
      [null, 'null'],
      ['config.yaml', 'string'],
      [[], 'an array'],
    ] as const) {
      const issues = await issueMessages(() => new Untyped(input));
      expect(issues).toEqual({
        '(root)': `must be an object with an "execution" section, e.g. { execution: { modelId, bucket, sourceFolder, destinationFolder } }; got ${got}`,
      });
    }
    expect(await issueMessages(() => new Untyped())).toHaveProperty('(root)');
    expect(await issueMessages(() => ExecutionConfig.fromObject(null))).toHaveProperty('(root)');
  });
});

/** The input type of `inputFileType`; `Extract` of a literal from plain `string` would be `never`. */
type FileTypeIn = ConstructorParameters<typeof ExecutionConfig.Execution>[0]['inputFileType'];
type PurchaseIn = NonNullable<
  ConstructorParameters<typeof ExecutionConfig.AdvancedOptions>[0]
>['purchaseOption'];
type GpuIn = NonNullable<ConstructorParameters<typeof ExecutionConfig.Resources>[0]>['gpuType'];

describe('enum-like fields are typed for completion', () => {
  it('takes the known values in the casings people write (checked by tsc over this file)', () => {
    const parquet: Extract<FileTypeIn, 'PARQUET'> = 'PARQUET';
    const spot: Extract<PurchaseIn, 'spot'> = 'spot';
    const t4: Extract<GpuIn, 'NVIDIA_T4'> = 'NVIDIA_T4';
    expect(new ExecutionConfig.AdvancedOptions({ purchaseOption: spot }).purchaseOption).toBe('spot');
    expect(new ExecutionConfig.Resources({ gpuType: t4, gpuAmount: 1 }).gpuType).toBe('NVIDIA_T4');
    const e = new ExecutionConfig.Execution({
      ...valid,
      inputFileType: parquet,
      outputFileType: 'feather',
      advancedOptions: { purchaseOption: 'ondemand' },
    });
    const r = new ExecutionConfig.Resources({ gpuType: 'nvidia_t4', gpuAmount: 1 });
    expect([e.inputFileType, e.outputFileType, e.advancedOptions?.purchaseOption, r.gpuType]).toEqual([
      'parquet',
      'feather',
      'on-demand',
      'NVIDIA_T4',
    ]);
  });
});
