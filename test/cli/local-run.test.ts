import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli, stopBuiltCli } from './built-cli.js';
import { noTerminal, runOnTerminal } from './terminal.js';

const MODEL = 'examples/models/identity-scorer.mjs';
const ESC = String.fromCharCode(27);
const FILES = ['customers-01.csv', 'customers-02.csv', 'customers-03.csv'];
let dir: string;
let n = 0;
const outDir = () => join(dir, `out-${++n}`);
const local = (out: string, ...more: string[]) => [
  'execution',
  'start',
  '--model-id',
  'scorer',
  '--source-folder',
  'file://examples/data',
  '--destination-folder',
  `file://${out}`,
  '--model',
  MODEL,
  ...more,
];

/** `args` with the model module swapped for `model`. */
const withModel = (model: string, args: string[]) => args.map((a) => (a === MODEL ? model : a));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qwak-batch-cli-local-'));
  // A model that fails on one file and reports its parameters as columns on the others.
  await writeFile(
    join(dir, 'picky-model.mjs'),
    `export function predict(table, { file, parameters }) {
  if (file.endsWith('customers-02.csv')) throw new Error('cannot score customers-02');
  return Array.from({ length: table.numRows }, () => ({ weight: parameters.WEIGHT, env: process.env.WEIGHT }));
}
`,
  );
  await writeFile(
    join(dir, 'slow-model.mjs'),
    'export async function predict(table) { await new Promise((r) => setTimeout(r, 3000)); return table; }\n',
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('execution start over file:// folders (in-process)', () => {
  it('runs the model over every file, prints the ledger on stdout and a line per file on stderr', async () => {
    const out = outDir();
    const run = await runBuiltCli(local(out, '-P', 'SCORE_WEIGHT=2'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^FILE\s+STATUS\s+ROWS IN\s+ROWS OUT\s+BYTES IN\s+BYTES OUT\s+TIME\n/);
    for (const file of FILES) expect(run.stdout).toMatch(new RegExp(`${file}\\s+succeeded\\s+20\\s+20\\s`));
    expect(run.stdout).toContain('finished: 3 of 3 files succeeded; 60 rows written');
    expect(run.stderr).toContain('3 files to process');
    expect(run.stderr).toMatch(
      /✓ \[1\/3\] customers-0\d\.csv 20 rows in \d+ ms; [\d,]+ rows\/s, ETA \d+:\d\d\n/,
    );
    expect(run.stderr).toMatch(/✓ \[3\/3\] /);
    expect((await readdir(out)).sort()).toEqual(FILES);
    const csv = await readFile(join(out, 'customers-01.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('customer_id,plan,tenure_months,monthly_spend,score');
  });

  it('prints the whole result as JSON with --json', async () => {
    const run = await runBuiltCli(
      local(outDir(), '--json', '--output-file-type', 'feather', '--progress', 'none'),
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ status: 'finished', outputFileType: 'feather', rowsIn: 60, rowsOut: 60 });
    expect(result.files).toEqual({ total: 3, succeeded: 3, failed: 0, skipped: 0, cancelled: 0 });
    expect(result.ledger.map((row: { destination: string }) => row.destination.split('/').pop())).toEqual(
      FILES.map((f) => f.replace('.csv', '.feather')),
    );
  });

  it('exits 1 when a file fails, with the ledger and the error on one line', async () => {
    const out = outDir();
    const run = await runBuiltCli([
      'execution',
      'start',
      '--model-id',
      'picky',
      '--source-folder',
      'file://examples/data',
      '--destination-folder',
      `file://${out}`,
      '--model',
      join(dir, 'picky-model.mjs'),
      '--executors',
      '1',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/customers-02\.csv\s+failed/);
    expect(run.stdout).toContain('cannot score customers-02');
    expect(run.stderr).toMatch(/✗ \[\d\/3\] customers-02\.csv failed: .*cannot score customers-02/);
    expect(run.stderr).toMatch(/^qwak-batch: error: .*1 of 3 files failed/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says in the ledger that the files a failure stopped were cancelled, not that they failed', async () => {
    await writeFile(
      join(dir, 'first-fails-model.mjs'),
      `export async function predict(table, { file }) {
  if (file.endsWith('customers-01.csv')) throw new Error('cannot score customers-01');
  await new Promise((r) => setTimeout(r, 3000));
  return table;
}
`,
    );
    const run = await runBuiltCli(
      withModel(
        join(dir, 'first-fails-model.mjs'),
        local(outDir(), '--executors', '3', '--progress', 'none'),
      ),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/customers-02\.csv\s+cancelled/);
    expect(run.stdout).toMatch(
      /^ {2}customers-02\.csv: Task for file:\/\/\S+\/customers-02\.csv was cancelled \(Stopped after 1 failed file\(s\)\)$/m,
    );
    expect(run.stdout).not.toContain('failed: cancelled');
  });

  it('carries on past failed files with --max-failed-files (exit 0, the failure in the ledger)', async () => {
    const out = outDir();
    const run = await runBuiltCli(
      withModel(join(dir, 'picky-model.mjs'), local(out, '--executors', '1', '--max-failed-files', '1')),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/customers-02\.csv\s+failed/);
    expect(run.stdout).toMatch(/customers-03\.csv\s+succeeded/);
    expect((await readdir(out)).sort()).toEqual(['customers-01.csv', 'customers-03.csv']);
  });

  it('fails only the file whose model passes --worker-max-heap, naming it and the flag (not the API option)', async () => {
    await writeFile(
      join(dir, 'hog-model.mjs'),
      `export function predict(table, { file }) {
  if (file.endsWith('customers-01.csv')) { const kept = []; for (;;) kept.push(new Array(100000).fill(kept.length)); }
  return table;
}
`,
    );
    const out = outDir();
    const run = await runBuiltCli(
      withModel(
        join(dir, 'hog-model.mjs'),
        local(
          out,
          '--executors',
          '1',
          '--worker-max-heap',
          '48',
          '--max-failed-files',
          '1',
          '--progress',
          'none',
        ),
      ),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/customers-01\.csv\s+failed/);
    expect(run.stdout).toMatch(/ran out of memory \(its heap limit, see --worker-max-heap\)/);
    expect(run.stdout).not.toContain('workerResourceLimits');
    expect((await readdir(out)).sort()).toEqual(['customers-02.csv', 'customers-03.csv']);
  }, 60_000);

  it('refuses a bad --max-failed-files or --worker-max-heap with exit 2', async () => {
    const bad = await runBuiltCli(local(outDir(), '--max-failed-files', '-1'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-failed-files must be a whole number >= 0; got "-1"/);
    const heap = await runBuiltCli(local(outDir(), '--worker-max-heap', '0'));
    expect(heap.code).toBe(2);
    expect(heap.stderr).toMatch(/--worker-max-heap must be a whole number >= 1; got "0"/);
  });

  it('passes -P parameters to the model, in its context and as environment variables of its worker', async () => {
    const out = outDir();
    const run = await runBuiltCli([
      'execution',
      'start',
      '--model-id',
      'picky',
      '--source-folder',
      'file://examples/data',
      '--destination-folder',
      `file://${out}`,
      '--model',
      join(dir, 'picky-model.mjs'),
      '-P',
      'WEIGHT=a=b',
      '--pods',
      '1',
      '--progress',
      'none',
    ]);
    expect(run.code).toBe(1);
    const csv = await readFile(join(out, 'customers-01.csv'), 'utf8');
    expect(csv.split('\n').slice(0, 2)).toEqual(['weight,env', 'a=b,a=b']);
  });

  it('applies --file-timeout to a local run (exit 1 naming the timeout)', async () => {
    const run = await runBuiltCli([
      'execution',
      'start',
      '--model-id',
      'slow',
      '--source-folder',
      'file://examples/data',
      '--destination-folder',
      `file://${outDir()}`,
      '--model',
      join(dir, 'slow-model.mjs'),
      '--file-timeout',
      '1',
      '--progress',
      'none',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('file timeout of 1 s');
  });

  it('skips finished outputs with --resume', async () => {
    const out = outDir();
    expect((await runBuiltCli(local(out, '--progress', 'none'))).code).toBe(0);
    const again = await runBuiltCli(local(out, '--resume', '--json', '--progress', 'none'));
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).files).toMatchObject({ skipped: 3, succeeded: 0 });
  });

  it('lists what would run with --dry-run and writes nothing', async () => {
    const out = outDir();
    const run = await runBuiltCli(local(out, '--dry-run', '--progress', 'none'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/customers-01\.csv\s+planned/);
    expect(run.stdout).toContain('dry run:');
    await expect(readdir(out)).rejects.toThrow();
  });

  it('exits 1 with one line when the folder has no input file of the type', async () => {
    const run = await runBuiltCli(local(outDir(), '--input-file-type', 'feather', '--progress', 'none'));
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^qwak-batch: error: .*examples\/data/);
  });

  it('exits 1 naming the module when the model cannot be loaded', async () => {
    const run = await runBuiltCli([
      'execution',
      'start',
      '--model-id',
      'm',
      '--source-folder',
      'file://examples/data',
      '--destination-folder',
      `file://${outDir()}`,
      '--model',
      'no/such/model.mjs',
      '--progress',
      'none',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^qwak-batch: error: Could not load the model module file:\/\/\/.*no\/such\/model\.mjs: the file does not exist$/m,
    );
  });

  it('draws a bar with --progress bar: files done of total, rows per second, ETA', async () => {
    const run = await runBuiltCli(local(outDir(), '--progress', 'bar'));
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      new RegExp(`\r${ESC}\\[2K\\[#+-*\\] \\d/3 files {2}[\\d,]+ rows/s {2}ETA \\d+:\\d\\d`),
    );
    expect(run.stderr).toContain('3/3 files');
    expect(run.stderr).not.toContain('✓');
  });
});

describe('Ctrl-C and SIGTERM', () => {
  const slow = (out: string) => withModel(join(dir, 'slow-model.mjs'), local(out, '--progress', 'lines'));

  it('Ctrl-C aborts a local run: exit 130, one line on stderr, no output written', async () => {
    const out = outDir();
    const run = await stopBuiltCli(slow(out), 'SIGINT', { stderr: (s) => s.includes('files to process') });
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/qwak-batch: error: The local run was aborted\n$/);
    // Outputs are written whole or not at all: no file, and no temp file, may be left.
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });

  it('SIGTERM stops a local run as cleanly: exit 143, no temp file, every output whole or absent', async () => {
    const source = join(dir, 'many-rows');
    await mkdir(source, { recursive: true });
    const rows = 20_000;
    const body = Array.from({ length: rows }, (_, i) => `${i},${i * 3}`).join('\n');
    for (let i = 1; i <= 6; i++) await writeFile(join(source, `part-${i}.csv`), `id,value\n${body}\n`);
    await writeFile(
      join(dir, 'steady-model.mjs'),
      'export async function predict(table) { await new Promise((r) => setTimeout(r, 400)); return table; }\n',
    );
    const out = outDir();
    const run = await stopBuiltCli(
      withModel(join(dir, 'steady-model.mjs'), local(out, '--executors', '2', '--progress', 'lines')).map(
        (a) => (a === 'file://examples/data' ? `file://${source}` : a),
      ),
      'SIGTERM',
      // Once the first output is written, so that others are being written; at the latest after a second.
      { stderr: (s) => s.includes('✓'), afterMs: 1000 },
    );
    expect(run.signal).toBeNull();
    expect(run.code).toBe(143);
    expect(run.stderr).toMatch(/qwak-batch: error: The local run was aborted\n$/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const left = await readdir(out).catch(() => [] as string[]);
    expect(left.filter((name) => name.startsWith('.qwak-tmp'))).toEqual([]);
    for (const name of left) {
      expect(name).toMatch(/^part-\d\.csv$/);
      const lines = (await readFile(join(out, name), 'utf8')).split('\n');
      expect(lines).toHaveLength(rows + 2);
      expect(lines.at(-2)).toBe(`${rows - 1},${(rows - 1) * 3}`);
    }
    expect(left.length).toBeLessThan(6);
  });
});

describe.skipIf(noTerminal)('on a terminal', () => {
  it('shows the bar by default, in colour', async () => {
    const run = await runOnTerminal(local(outDir()));
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/\[#+-*\] \d\/3 files/);
    expect(run.output).toContain('\u001b[1mFILE');
  });

  it('respects NO_COLOR', async () => {
    const run = await runOnTerminal(local(outDir()), { NO_COLOR: '1' });
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/\[#+-*\] \d\/3 files/);
    expect(run.output).not.toMatch(new RegExp(`${ESC}\\[\\d+m`));
  });
});
