import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStartArgs, runBuiltCli } from './built-cli.js';

const CHATTY = fileURLToPath(new URL('../runner/models/chatty-model.mjs', import.meta.url));

describe('what a model prints in its worker threads', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qwak-batch-cli-chatty-'));
    await mkdir(join(dir, 'in'));
    for (const name of ['a', 'b']) await writeFile(join(dir, 'in', `${name}.csv`), 'id,x\n1,2\n3,4\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('goes to stderr, so that --json leaves stdout one JSON document', async () => {
    const run = await runBuiltCli([...localStartArgs(join(dir, 'in'), join(dir, 'out'), CHATTY), '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'finished', rowsOut: 4 });
    expect(run.stderr).toContain('chatty: loading');
    expect(run.stderr).toContain('chatty: initialize');
    expect(run.stderr).toMatch(/chatty: predicting file:\/\/.*\/a\.csv/);
  });

  it('and without --json, stdout is the ledger alone', async () => {
    const run = await runBuiltCli(localStartArgs(join(dir, 'in'), join(dir, 'out2'), CHATTY));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^FILE\s+STATUS/);
    expect(run.stdout).not.toContain('chatty:');
    expect(run.stderr).toContain('chatty: predicting');
  });
});
