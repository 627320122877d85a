import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runBuiltCli } from './built-cli.js';

const run = promisify(execFile);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qwak-batch-cli-demo-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// `npm start` runs `qwak-batch demo`: the README's first command.
describe('qwak-batch demo', () => {
  it('runs the bundled model over the bundled samples into a temp folder and prints the ledger', async () => {
    const run = await runBuiltCli(['demo'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^FILE\s+STATUS/);
    expect(run.stdout.match(/customers-0\d\.csv\s+succeeded\s+20\s+20/g)).toHaveLength(3);
    const folder = /Outputs are in (\S+)\./.exec(run.stderr)?.[1];
    expect(folder).toBeDefined();
    const csv = await readFile(join(folder!, 'customers-02.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('customer_id,plan,tenure_months,monthly_spend,score');
    await rm(folder!, { recursive: true, force: true });
  });

  it('writes into --output, in the type asked for, and prints JSON with --json', async () => {
    const out = join(dir, 'out');
    const run = await runBuiltCli(['demo', '--output', out, '--output-file-type', 'feather', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 'finished',
      rowsOut: 60,
      outputFileType: 'feather',
    });
    expect((await readdir(out)).sort()).toEqual([
      'customers-01.feather',
      'customers-02.feather',
      'customers-03.feather',
    ]);
  });

  it('runs from a package folder whose path has a space and a non-ASCII letter, into such an --output', async () => {
    // A copy of the built package (dist, examples) under such a folder, its dependencies linked.
    const home = join(dir, 'my projects ü', 'qwak-batch');
    await mkdir(home, { recursive: true });
    await cp(join(ROOT, 'dist'), join(home, 'dist'), { recursive: true });
    await cp(join(ROOT, 'examples'), join(home, 'examples'), { recursive: true });
    await cp(join(ROOT, 'package.json'), join(home, 'package.json'));
    await symlink(join(ROOT, 'node_modules'), join(home, 'node_modules'));
    const out = join(dir, 'demo out ü #1');
    const child = await run(
      process.execPath,
      [join(home, 'dist', 'cli', 'main.js'), 'demo', '--output', out],
      {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    expect(child.stderr).toContain(`Outputs are in ${out}.`);
    expect((await readdir(out)).sort()).toEqual(['customers-01.csv', 'customers-02.csv', 'customers-03.csv']);
    // --output as a file:// URL names the same kind of folder.
    const url = pathToFileURL(join(dir, 'demo url ü')).href;
    await run(process.execPath, [join(home, 'dist', 'cli', 'main.js'), 'demo', '--output', url], {
      cwd: dir,
    });
    expect(await readdir(join(dir, 'demo url ü'))).toHaveLength(3);
  });

  it('exits 2 on a bad output type', async () => {
    const run = await runBuiltCli(['demo', '--output-file-type', 'xls']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('must be one of csv, parquet, feather');
  });
});
