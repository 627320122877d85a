import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStartArgs, startBuiltCli } from './built-cli.js';

/*
 * `qwak-batch execution start … --json | head -c 100`: the reader closes the pipe before the result is all
 * written. That is the reader's choice, not a failure of the run.
 */

const FILES = 400;
// Long names make the result larger than two pipe buffers (2 x 64 KiB on Linux): the reader takes at most
// one buffer before it closes the pipe, so the rest can never all fit in the pipe and must meet the closed end.
const LONG = 'n'.repeat(150);
let dir: string;
let n = 0;
const outDir = () => join(dir, `out-${++n}-${LONG}`);
const source = () => join(dir, `in-${LONG}`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qwak-batch-cli-pipe-'));
  await mkdir(source());
  for (let i = 0; i < FILES; i++)
    await writeFile(
      join(source(), `part-${String(i).padStart(3, '0')}-${LONG}.csv`),
      `id,value\n${i},${i * 2}\n`,
    );
  await writeFile(join(dir, 'identity.mjs'), 'export const predict = (table) => table;\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const args = (...more: string[]) => localStartArgs(source(), outDir(), join(dir, 'identity.mjs'), ...more);

describe('stdout closed by its reader', () => {
  it('--json: the reader keeps the first 100 bytes, then the command exits 0 without an error', async () => {
    const running = startBuiltCli(args('--json'));
    // As `head -c 100` does: read until 100 bytes have come, then close the pipe.
    running.child.stdout.on('data', () => {
      if (running.output.stdout.length >= 100) running.child.stdout.destroy();
    });
    const run = await running.done;
    expect(run.stdout.startsWith('{\n  "executionId": "local-')).toBe(true);
    expect(run.stdout.length).toBeLessThanOrEqual(64 * 1024);
    expect(run.stderr).toBe('');
    expect(run).toMatchObject({ code: 0, signal: null });
  }, 60_000);

  it('the ledger table: a pipe closed before anything is written, exit 0 and nothing on stderr', async () => {
    const running = startBuiltCli(args());
    running.child.stdout.destroy();
    const run = await running.done;
    expect(run.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(run.stderr).toBe('');
    expect(run).toMatchObject({ code: 0, signal: null });
  }, 60_000);

  it('keeps the exit code of a failed run (1), with its one error line on stderr', async () => {
    await writeFile(join(dir, 'failing.mjs'), 'export const predict = () => { throw new Error("no"); };\n');
    const running = startBuiltCli(
      localStartArgs(source(), outDir(), join(dir, 'failing.mjs'), '--max-failed-files', '0', '--json'),
    );
    running.child.stdout.destroy();
    const run = await running.done;
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^qwak-batch: error: Execution \S+ failed: /);
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
  }, 60_000);
});
