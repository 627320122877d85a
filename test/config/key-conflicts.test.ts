import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecutionConfig } from '../../src/config/index.js';
import { issueMessages } from './issues-of.js';

const valid = { bucket: 'b', sourceFolder: 'in', destinationFolder: 'out' };

// One field written in snake_case and in camelCase kept one value and dropped the other without a word.
describe('a field written both in snake_case and in camelCase', () => {
  it('is an error naming both keys, whether the values differ or not', async () => {
    for (const [first, second] of [
      ['m', 'n'],
      ['m', 'm'],
    ]) {
      const issues = await issueMessages(() =>
        ExecutionConfig.fromObject({ execution: { ...valid, model_id: first, modelId: second } }),
      );
      expect(issues).toEqual({
        'execution.modelId': 'execution.model_id and execution.modelId name the same field; give one',
      });
    }
  });

  it('is found in every section, alongside the other problems', async () => {
    const issues = await issueMessages(() =>
      ExecutionConfig.fromObject({
        execution: {
          ...valid,
          modelId: 'm',
          jobTimeout: -1,
          advancedOptions: { purchaseOption: 'spot', purchase_option: 'on-demand' },
        },
        resources: { gpuType: 'NVIDIA_T4', gpu_type: 'NVIDIA_L4', gpuAmount: 1 },
        warmup: { timeout: 5 },
      }),
    );
    expect(issues).toEqual({
      'execution.advancedOptions.purchaseOption':
        'execution.advancedOptions.purchaseOption and execution.advancedOptions.purchase_option name the same field; give one',
      'resources.gpuType': 'resources.gpuType and resources.gpu_type name the same field; give one',
      'execution.jobTimeout': expect.stringMatching(/^must be a whole number of seconds/),
    });
  });

  it('leaves parameter names alone: my_var and myVar are two parameters', () => {
    const config = ExecutionConfig.fromObject({
      execution: { ...valid, modelId: 'm', parameters: { my_var: '1', myVar: '2' } },
    });
    expect(config.execution.parameters).toEqual({ my_var: '1', myVar: '2' });
  });

  it('is an error in YAML and JSON files, with the line of the second key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qwak-conflict-'));
    const yaml = join(dir, 'c.yaml');
    await writeFile(
      yaml,
      'execution:\n  model_id: m\n  bucket: b\n  modelId: m\n  sourceFolder: in\n  destinationFolder: out\n',
    );
    expect(await issueMessages(() => ExecutionConfig.fromFile(yaml))).toEqual({
      'execution.modelId':
        'line 4, column 3: execution.model_id and execution.modelId name the same field; give one',
    });
    const json = join(dir, 'c.json');
    await writeFile(json, JSON.stringify({ execution: { ...valid, modelId: 'm', model_id: 'n' } }));
    expect(await issueMessages(() => ExecutionConfig.fromFile(json))).toEqual({
      'execution.modelId': expect.stringMatching(
        /^line 1, column \d+: execution.modelId and execution.model_id name the same field; give one$/,
      ),
    });
  });
});
