import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStartArgs, stopBuiltCli } from './built-cli.js';

/*
 * A local run stopped by Ctrl-C or SIGTERM prints what a finished run prints, for the files so far: the
 * ledger on stdout (or the whole RunResult with --json), in a real child process sent real signals.
 */

let dir: string;
let n = 0;
const outDir = () => join(dir, `out-${++n}`);
const SOURCE = join(process.cwd(), 'examples/data');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qwak-batch-cli-stop-'));
  // The first file is done at once; the others take 5 s each, so that a signal lands while one runs.
  await writeFile(
    join(dir, 'first-fast.mjs'),
    `export async function predict(table, { file, signal }) {
  if (!file.endsWith('customers-01.csv')) await new Promise((r) => { const t = setTimeout(r, 5000); signal.addEventListener('abort', () => { clearTimeout(t); r(); }); });
  return table;
}
`,
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const firstDone = { stderr: (s: string) => s.includes('✓ [1/3]') };

/** A local run of `model` with a line of progress per file on stderr (the signals' cue), then `more`. */
const args = (out: string, model: string, ...more: string[]) =>
  localStartArgs(SOURCE, out, join(dir, model))
    .map((a, i, all) => (a === 'none' && all[i - 1] === '--progress' ? 'lines' : a))
    .concat(more);

describe('a local run stopped by a signal prints its ledger', () => {
  it('SIGTERM: the ledger table of the files so far on stdout, the summary says terminated, exit 143', async () => {
    const out = outDir();
    const run = await stopBuiltCli(args(out, 'first-fast.mjs'), 'SIGTERM', firstDone);
    expect(run).toMatchObject({ code: 143, signal: null });
    expect(run.stdout).toMatch(/^FILE\s+STATUS\s+ROWS IN/);
    expect(run.stdout).toMatch(/^customers-01\.csv\s+succeeded\s+20\s+20\s/m);
    expect(run.stdout).toMatch(/^customers-02\.csv\s+cancelled\s/m);
    expect(run.stdout).toMatch(/^customers-03\.csv\s+cancelled\s/m);
    expect(run.stdout).toMatch(
      /\nterminated \(SIGTERM\): 1 of 3 files succeeded, 1 cancelled, 1 not started; 20 rows written in .+ to file:\/\/\S+\n$/,
    );
    // The error itself stays on stderr, one line.
    expect(run.stderr).toMatch(/qwak-batch: error: The local run was aborted\n$/);
    expect(await readdir(out)).toEqual(['customers-01.csv']);
  });

  it('Ctrl-C with --json: the whole RunResult, status cancelled, on stdout; exit 130', async () => {
    const run = await stopBuiltCli(args(outDir(), 'first-fast.mjs', '--json'), 'SIGINT', firstDone);
    expect(run).toMatchObject({ code: 130, signal: null });
    const result = JSON.parse(run.stdout);
    expect(result.status).toBe('cancelled');
    expect(result.files).toEqual({ total: 3, succeeded: 1, failed: 0, skipped: 0, cancelled: 2 });
    expect(result.ledger.map((row: { status: string }) => row.status)).toEqual([
      'succeeded',
      'cancelled',
      'cancelled',
    ]);
    expect(result.ledger[1].error).toMatchObject({
      name: 'TaskError',
      code: 'TASK_CANCELLED',
      message: expect.stringMatching(/customers-02\.csv was cancelled \(interrupted \(Ctrl-C\)\)$/),
    });
    expect(result.ledger[2].error).toBeUndefined();
    expect(result.rowsOut).toBe(20);
    expect(run.stderr).toMatch(/qwak-batch: error: The local run was aborted\n$/);
  });
});
