import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { localStartArgs, runBuiltCli } from './built-cli.js';
import { memoryIo } from './memory-io.js';

/*
 * With --json, stdout always holds one JSON document: the command's result, or, when the command fails before
 * it printed one, `{ "error": { name, code, message }, "exitCode": n }`. The human message stays on stderr.
 */

const MODEL = join(process.cwd(), 'examples/models/identity-scorer.mjs');
const SOURCE = join(process.cwd(), 'examples/data');
// Made now, not in beforeAll: the cases below name paths in it when the file is collected.
const dir = mkdtempSync(join(tmpdir(), 'qwak-batch-cli-json-'));
let n = 0;
const outDir = () => join(dir, `out-${++n}`);

beforeAll(async () => {
  await mkdir(join(dir, 'empty'));
  await writeFile(join(dir, 'failing.mjs'), 'export const predict = () => { throw new Error("no"); };\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process; its exit code, stdout parsed as JSON, and stderr. */
async function run(args: readonly string[]) {
  const io = memoryIo();
  const code = await runCli(args, io);
  return { code, json: JSON.parse(io.out) as Record<string, unknown>, err: io.err };
}

describe('--json when a command fails before its result', () => {
  it.each([
    {
      what: 'a bad flag value',
      args: () => localStartArgs(SOURCE, outDir(), MODEL, '--max-failed-files', 'x', '--json'),
      exitCode: 2,
      error: {
        name: 'UsageError',
        code: 'USAGE',
        message: '--max-failed-files must be a whole number >= 0; got "x"',
      },
    },
    {
      what: 'an unknown flag',
      args: () => localStartArgs(SOURCE, outDir(), MODEL, '--json', '--input-type', 'csv'),
      exitCode: 2,
      error: {
        name: 'UsageError',
        code: 'USAGE',
        message: 'unknown option --input-type: did you mean --input-file-type?',
      },
    },
    {
      what: 'an invalid config',
      args: () => localStartArgs(SOURCE, outDir(), MODEL, '--input-file-type', 'xls', '--json'),
      exitCode: 2,
      error: {
        name: 'ConfigError',
        code: 'CONFIG_INVALID',
        message: expect.stringMatching(
          /^Invalid options \(1 problem\):\n {2}- --input-file-type: must be one of/,
        ),
      },
    },
    {
      what: 'a missing source folder',
      args: () => localStartArgs(join(dir, 'missing'), outDir(), MODEL, '--json'),
      exitCode: 1,
      error: {
        name: 'StorageNotFoundError',
        code: 'STORAGE_NOT_FOUND',
        message: `Storage list failed for file://${join(dir, 'missing')}/: the folder does not exist`,
      },
    },
    {
      what: 'no matching files',
      args: () => localStartArgs(join(dir, 'empty'), outDir(), MODEL, '--json'),
      exitCode: 1,
      error: {
        name: 'JobError',
        code: 'JOB_NO_INPUT',
        message: `No input files in file://${join(dir, 'empty')}/ with the extension .csv`,
      },
    },
    {
      what: 'a model that cannot load',
      args: () => localStartArgs(SOURCE, outDir(), join(dir, 'no-such-model.mjs'), '--json'),
      exitCode: 1,
      error: {
        name: 'PredictorError',
        code: 'PREDICTOR_ERROR',
        message: `Could not load the model module file://${join(dir, 'no-such-model.mjs')}: the file does not exist`,
      },
    },
    {
      what: 'a remote command without an address',
      args: () => ['execution', 'status', 'abc', '--json'],
      exitCode: 2,
      error: { name: 'UsageError', code: 'USAGE', message: expect.stringMatching(/^no platform address: /) },
    },
    {
      what: 'the demo with a bad flag value',
      args: () => ['demo', '--json', '--progress', 'fast'],
      exitCode: 2,
      error: {
        name: 'UsageError',
        code: 'USAGE',
        message: '--progress must be auto, bar, lines or none; got "fast"',
      },
    },
  ])('$what: { error, exitCode } on stdout, the message on stderr', async ({ args, exitCode, error }) => {
    const result = await run(args());
    expect(result.code).toBe(exitCode);
    expect(result.json).toEqual({ error, exitCode });
    expect(result.err).toContain(exitCode === 2 ? 'qwak-batch: usage error: ' : 'qwak-batch: error: ');
    expect(result.err).toContain((result.json.error as { message: string }).message.split('\n')[0]);
  });

  it('a run that failed prints its RunResult alone: one document, not followed by the error', async () => {
    const result = await run(localStartArgs(SOURCE, outDir(), join(dir, 'failing.mjs'), '--json'));
    expect(result.code).toBe(1);
    expect(result.json).toMatchObject({ status: 'failed', files: { failed: 1 } });
    expect(result.json).not.toHaveProperty('error');
    expect(result.err).toMatch(/^qwak-batch: error: Execution \S+ failed: /m);
  });

  it('without --json, stdout stays empty when a command fails', async () => {
    const io = memoryIo();
    expect(await runCli(localStartArgs(join(dir, 'missing'), outDir(), MODEL), io)).toBe(1);
    expect(io.out).toBe('');
  });

  it('the built command line: one JSON document on stdout, the human message on stderr', async () => {
    const cli = await runBuiltCli(
      localStartArgs(SOURCE, outDir(), MODEL, '--worker-max-heap', '0', '--json'),
    );
    expect(cli.code).toBe(2);
    const message = '--worker-max-heap must be a whole number >= 1; got "0"';
    expect(JSON.parse(cli.stdout)).toEqual({
      error: { name: 'UsageError', code: 'USAGE', message },
      exitCode: 2,
    });
    expect(cli.stderr).toBe(
      `qwak-batch: usage error: ${message}\nRun "qwak-batch execution start --help" for usage.\n`,
    );
  });
});
