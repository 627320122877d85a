import { describe, expect, it } from 'vitest';
import { ExecutionConfig } from '../../src/config/index.js';
import { PLATFORM_START_FLAGS, runBuiltCli } from '../cli/built-cli.js';
import { issueMessages } from './issues-of.js';

const valid = { modelId: 'm', bucket: 'b', sourceFolder: 'in', destinationFolder: 'out' };
const INT32_MAX = 2 ** 31 - 1;

// The platform's int32 fields wrapped values past 2^31 - 1 (2^32 + 3 pods arrived as 3): each is refused when
// the config is built, after conversion to the wire's unit, naming the limit in the user's unit and the value.
describe('values past the wire fields', () => {
  it('refuses the reviewer’s config, naming field, limit and value', async () => {
    const issues = await issueMessages(
      () =>
        new ExecutionConfig({
          execution: { ...valid, jobTimeout: 1e12, fileTimeout: 2 ** 31 },
          resources: { pods: 2 ** 32 + 3, memory: 2 ** 40 },
        }),
    );
    expect(issues).toEqual({
      'execution.jobTimeout':
        'must be at most 2147483647 (seconds, about 68 years; the platform keeps it in a 32-bit number); got 1000000000000',
      'execution.fileTimeout':
        'must be at most 2147483647 (seconds, about 68 years; the platform keeps it in a 32-bit number); got 2147483648',
      'resources.pods':
        'must be at most 2147483647 (the platform keeps it in a 32-bit number): the number of pods, 0 for the deployment default; got 4294967299',
      'resources.memory':
        'must be at most 2147483647 (MiB; the platform keeps it in a 32-bit number); got 1099511627776',
    });
  });

  it('takes the largest values that fit, and refuses one more', async () => {
    const edge = new ExecutionConfig({
      execution: { ...valid, jobTimeout: INT32_MAX, fileTimeout: '596523h' },
      resources: { pods: INT32_MAX, gpuType: 'NVIDIA_T4', gpuAmount: INT32_MAX, cpus: 3.4e38 },
      warmup: { timeout: INT32_MAX },
    });
    expect(edge.execution.jobTimeout).toBe(INT32_MAX);
    expect(new ExecutionConfig.Resources({ memory: INT32_MAX }).memory).toBe(INT32_MAX);
    expect(new ExecutionConfig.Resources({ memory: '2047Ti' }).memory).toBe(2047 * 1024 * 1024);
    const over = await issueMessages(() =>
      ExecutionConfig.fromObject({
        execution: { ...valid, jobTimeout: INT32_MAX + 1 },
        resources: { gpuType: 'NVIDIA_T4', gpuAmount: INT32_MAX + 1, cpus: 1e39 },
        warmup: { timeout: INT32_MAX + 1 },
      }),
    );
    expect(Object.keys(over).sort()).toEqual([
      'execution.jobTimeout',
      'resources.cpus',
      'resources.gpuAmount',
      'warmup.timeout',
    ]);
    expect(over['resources.gpuAmount']).toMatch(/^must be at most 2147483647 .*; got 2147483648$/);
    expect(over['resources.cpus']).toBe(
      'must be at most 3.4028234663852886e+38 (the platform keeps it in a 32-bit float): the number of CPU cores per pod; got 1e+39',
    );
    expect(over['warmup.timeout']).toMatch(/^must be at most 2147483647 \(seconds/);
  });

  it('names the limit in the unit the value was written in', async () => {
    const issues = await issueMessages(() =>
      ExecutionConfig.fromObject({
        execution: { ...valid, jobTimeout: '596524h', fileTimeout: '99999999999999999999m' },
        resources: { memory: '2048Ti' },
        warmup: { timeout: '2147483648s' },
      }),
    );
    expect(issues['execution.jobTimeout']).toBe(
      'must be at most "596523h" (2147483647 seconds, about 68 years; the platform keeps it in a 32-bit number); got "596524h"',
    );
    expect(issues['execution.fileTimeout']).toMatch(/^must be at most "35791394m" \(2147483647 seconds/);
    expect(issues['resources.memory']).toBe(
      'must be at most "2047Ti" (2147483647 MiB; the platform keeps it in a 32-bit number); got "2048Ti"',
    );
    expect(issues['warmup.timeout']).toMatch(/^must be at most "2147483647s"/);
    const gi = await issueMessages(() => new ExecutionConfig.Resources({ memory: '2097152Gi' }));
    expect(gi['resources.memory']).toMatch(/^must be at most "2097151Gi" \(2147483647 MiB/);
  });

  it('reports a GPU amount past the limit once, not also as missing', async () => {
    const issues = await issueMessages(
      () => new ExecutionConfig.Resources({ gpuType: 'NVIDIA_T4', gpuAmount: 2 ** 31 }),
    );
    expect(Object.keys(issues)).toEqual(['resources.gpuAmount']);
  });

  it('the CLI refuses such a flag with exit 2, naming the flag', async () => {
    const run = await runBuiltCli(
      ['execution', 'start', ...PLATFORM_START_FLAGS, '--job-timeout', '99999999999', '--pods', '4294967299'],
      { env: { QWAK_TOKEN: 'not-used' } },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--job-timeout: must be at most 2147483647 (seconds, about 68 years; the platform keeps it in a 32-bit number); got 99999999999',
    );
    expect(run.stderr).toMatch(/--pods: must be at most 2147483647 .*; got 4294967299/);
  });
});
