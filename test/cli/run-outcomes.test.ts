import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStartArgs, runBuiltCli } from './built-cli.js';

/*
 * What `execution start` of a local run says, and exits with, when nothing can be written (a destination that is
 * a file), when every file failed within --max-failed-files, and when --out-conf is given a value a run refuses.
 */

const MODEL = join(process.cwd(), 'examples/models/identity-scorer.mjs');
const SOURCE = join(process.cwd(), 'examples/data');
let dir: string;
let n = 0;
const outDir = () => join(dir, `out-${++n}`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qwak-batch-cli-outcomes-'));
  await writeFile(join(dir, 'a-file'), 'not a folder\n');
  await writeFile(
    join(dir, 'always-fails.mjs'),
    'export const predict = (table, { file }) => { throw new Error("cannot score " + file); };\n',
  );
  await writeFile(
    join(dir, 'counting.mjs'),
    `import { appendFileSync } from 'node:fs';
export const predict = (table, { file }) => { appendFileSync(${JSON.stringify(join(dir, 'predicted.log'))}, file + '\\n'); return table; };
`,
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a destination that is a file', () => {
  it('exit 1 before any input is read, the message naming it and saying it is a file', async () => {
    const file = join(dir, 'a-file');
    const run = await runBuiltCli(localStartArgs(SOURCE, file, join(dir, 'counting.mjs')));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `qwak-batch: error: Storage connect failed for file://${file}/: it is a file, not a folder\n`,
    );
    expect(run.stdout).toBe('');
    expect(await readdir(dir)).not.toContain('predicted.log');
    expect(await readFile(file, 'utf8')).toBe('not a folder\n');
  });

  it('a destination under a file: exit 1, the message names the file in the way', async () => {
    const file = join(dir, 'a-file');
    const run = await runBuiltCli(localStartArgs(SOURCE, join(file, 'out'), MODEL));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `qwak-batch: error: Storage connect failed for file://${file}/out/: file://${file} is a file, not a folder\n`,
    );
  });
});

describe('--max-failed-files when every file failed', () => {
  it('exit 1, the summary says every file failed', async () => {
    const run = await runBuiltCli(
      localStartArgs(SOURCE, outDir(), join(dir, 'always-fails.mjs'), '--max-failed-files', '5'),
    );
    expect(run.code).toBe(1);
    for (const file of ['customers-01.csv', 'customers-02.csv', 'customers-03.csv'])
      expect(run.stdout).toMatch(new RegExp(`^${file.replace('.', '\\.')}\\s+failed\\s`, 'm'));
    expect(run.stdout).toMatch(/\nfailed: every file failed \(3 of 3\); 0 rows written in .+\n$/);
    expect(run.stderr).toMatch(
      /^qwak-batch: error: Execution local-\S+ failed: every file failed \(3 of 3\), none succeeded; first: Task for \S+customers-01\.csv failed: /m,
    );
  });

  it('some failed within the budget, others succeeded: still exit 0', async () => {
    await writeFile(
      join(dir, 'fails-one.mjs'),
      'export const predict = (table, { file }) => { if (file.endsWith("02.csv")) throw new Error("no"); return table; };\n',
    );
    const run = await runBuiltCli(
      localStartArgs(SOURCE, outDir(), join(dir, 'fails-one.mjs'), '--max-failed-files', '5'),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\nfinished: 2 of 3 files succeeded, 1 failed; 40 rows written/);
  });
});

describe('--out-conf checks the local run flags as a run would', () => {
  const base = ['execution', 'start', '--model-id', 'm', '--source-folder', 'file://examples/data'];

  it('--executors 0: the usage error naming the flag (exit 2), nothing written', async () => {
    const run = await runBuiltCli([
      ...base,
      '--destination-folder',
      `file://${outDir()}`,
      '--executors',
      '0',
      '--out-conf',
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^qwak-batch: usage error: --executors must be a whole number >= 1; got "0"\n/,
    );
  });

  it('a bad --max-failed-files or --progress too; a good --executors is still written as resources.pods', async () => {
    const out = `file://${outDir()}`;
    for (const [flag, value] of [
      ['--max-failed-files', '-1'],
      ['--progress', 'fast'],
      ['--worker-max-heap', '0'],
    ]) {
      const run = await runBuiltCli([...base, '--destination-folder', out, flag!, value!, '--out-conf']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`usage error: ${flag}`);
    }
    const good = await runBuiltCli([...base, '--destination-folder', out, '--executors', '2', '--out-conf']);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('pods: 2');
  });
});
