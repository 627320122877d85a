import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStartArgs, runBuiltCli } from './built-cli.js';

describe('a model module that does not parse', () => {
  let dir: string;
  let model: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qwak-batch-cli-syntax-'));
    await mkdir(join(dir, 'in'));
    await writeFile(join(dir, 'in', 'a.csv'), 'id,x\n1,2\n');
    model = join(dir, 'model.mjs');
    // Line 7 holds one `}` too many, at column 1.
    await writeFile(
      model,
      'export function predict(table) {\n  return table;\n}\n\nfunction unused() {\n}\n}\n',
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is one error line naming the file, its line and column, and the SyntaxError', async () => {
    const run = await runBuiltCli(localStartArgs(join(dir, 'in'), join(dir, 'out'), model));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `qwak-batch: error: Could not load the model module ${pathToFileURL(model).href}: ` +
        `SyntaxError in ${model}:7:1: Unexpected token '}'\n`,
    );
  });

  it('with --debug, the source line and its caret follow', async () => {
    const run = await runBuiltCli([...localStartArgs(join(dir, 'in'), join(dir, 'out2'), model), '--debug']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`SyntaxError in ${model}:7:1: Unexpected token '}'\n`);
    expect(run.stderr).toContain(
      `Caused by: ${pathToFileURL(model).href}:7\n}\n^\n\nSyntaxError: Unexpected token '}'\n`,
    );
  });
});
