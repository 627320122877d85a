import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExecutionConfig } from '../../src/config/index.js';
import { configIssues } from './issues-of.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qwak-positions-'));
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** `path@line:column message` of each issue of the file's ConfigError. */
async function placed(path: string): Promise<string[]> {
  const issues = await configIssues(() => ExecutionConfig.fromFile(path));
  return issues.map((i) => `${i.path}@${i.line}:${i.column} ${i.message}`);
}

// docs/configuration.md promises that errors of a config file name the file and the line.
describe('problems in a config file name their line and column', () => {
  it('YAML: the value of a bad field, the key of an unknown one, snake_case keys too', async () => {
    const path = await file(
      'bad.yaml',
      [
        'execution:',
        '  model_id: m',
        '  bucket: b',
        '  source_folder: in',
        '  destinationFolder: out',
        '  job_timeout: -3',
        '  parameters:',
        '    1BAD: x',
        'resources:',
        '  pods: 1.5',
        '  cpu: 2',
      ].join('\n'),
    );
    expect(await placed(path)).toEqual([
      'execution.jobTimeout@6:3 line 6, column 3: must be a whole number of seconds >= 0 (0 = no timeout), or a string such as "90s", "15m", "2h"; got -3',
      'execution.parameters.1BAD@8:5 line 8, column 5: parameter name "1BAD" is not a valid environment variable name (letters, digits and _, not starting with a digit)',
      'resources.pods@10:3 line 10, column 3: must be a whole number: the number of pods, 0 for the deployment default; got 1.5',
      'resources.cpu@11:3 line 11, column 3: unknown field: did you mean "cpus"?',
    ]);
    await expect(ExecutionConfig.fromFile(path)).rejects.toThrow(
      `Invalid configuration in ${path} (4 problems):\n  - execution.jobTimeout: line 6, column 3: must be`,
    );
  });

  it('YAML: a missing field names the line of its section', async () => {
    const path = await file(
      'missing.yaml',
      'execution:\n  bucket: b\n  sourceFolder: in\n  destinationFolder: out\n',
    );
    expect(await placed(path)).toEqual([
      'execution.modelId@1:1 line 1, column 1: required: the model id, as displayed on the model header',
    ]);
  });

  it('JSON: the same, from the parsed text', async () => {
    const path = await file(
      'bad.json',
      `${JSON.stringify({ execution: { modelId: 'm', bucket: 'b', sourceFolder: 'in', destinationFolder: 'out', inputFileType: 'xls' }, resources: { pods: -1 } }, null, 2)}\n`,
    );
    expect(await placed(path)).toEqual([
      'execution.inputFileType@7:5 line 7, column 5: must be one of csv, parquet, feather (case-insensitive); got "xls"',
      'resources.pods@10:5 line 10, column 5: must be >= 0: the number of pods, 0 for the deployment default; got -1',
    ]);
  });

  it('JSON syntax errors name line and column, not a character position', async () => {
    const comma = await file(
      'comma.json',
      '{\n  "execution": {\n    "modelId": "m"\n    "bucket": "b"\n  }\n}\n',
    );
    expect(await placed(comma)).toEqual([
      `(file)@4:5 ${comma} is not valid JSON: Expected ',' or '}' after property value at line 4, column 5`,
    ]);
    const token = await file('token.json', '{\n  "execution": {\n    "modelId": tru\n  }\n}\n');
    expect(await placed(token)).toEqual([
      `(file)@3:19 ${token} is not valid JSON: unexpected character "\\n" at line 3, column 19`,
    ]);
    const cut = await file('cut.json', '{"execution": ');
    expect(await placed(cut)).toEqual([
      `(file)@1:15 ${cut} is not valid JSON: the text ends before the JSON value does at line 1, column 15`,
    ]);
  });

  it('YAML syntax errors say line, column and reason, with nothing dangling', async () => {
    const path = await file('syntax.yaml', 'execution:\n  modelId: m\n  bucket: b: c\n');
    const [issue] = await placed(path);
    expect(issue).toBe(
      `(file)@3:11 ${path} is not valid YAML: Nested mappings are not allowed in compact mappings at line 3, column 11`,
    );
    const twice = await file('twice.yaml', 'execution:\n  modelId: m\n  modelId: n\n');
    expect(await placed(twice)).toEqual([
      `(file)@3:3 ${twice} is not valid YAML: Map keys must be unique at line 3, column 3`,
    ]);
  });
});
