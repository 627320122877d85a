import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFlagOptions } from '../../src/cli/start/format-flags.js';
import { readOutput, sampleRows, writeInput } from '../runner/fixtures.js';
import { localStartArgs, PLATFORM_START_FLAGS, runBuiltCli } from './built-cli.js';

/*
 * `--follow-links` through the built CLI: a source folder of links into a shared dataset is run whole with it,
 * and without it the links are left out as before. Outputs are read back by DuckDB, never by our codecs.
 */

let dir: string;
let shared: string;
let farm: string;
let n = 0;
const outDir = () => join(dir, `out-${++n}`);

/** A local run of the identity model over `farm` into `out`. */
function local(out: string, ...more: string[]): string[] {
  return localStartArgs(farm, out, join(dir, 'identity.mjs'), ...more);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qwak-batch-cli-links-'));
  shared = join(dir, 'shared');
  farm = join(dir, 'farm');
  await mkdir(shared);
  await mkdir(farm);
  await writeFile(join(dir, 'identity.mjs'), 'export const predict = (table) => table;\n');
  await writeInput(join(shared, 'a.csv'), 'csv', sampleRows(6));
  await writeInput(join(shared, 'b.csv'), 'csv', sampleRows(3, 40));
  await writeInput(join(farm, 'own.csv'), 'csv', sampleRows(2, 90));
  await symlink(join(shared, 'a.csv'), join(farm, 'a.csv'));
  await symlink(join(shared, 'b.csv'), join(farm, 'b.csv'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('execution start --follow-links', () => {
  it('runs every file of a source folder of links that lead outside it', async () => {
    const out = outDir();
    const run = await runBuiltCli(local(out, '--follow-links'));
    expect(run.code, run.stderr).toBe(0);
    for (const file of ['a.csv', 'b.csv', 'own.csv'])
      expect(run.stdout).toMatch(new RegExp(`${file.replace('.', '\\.')}\\s+succeeded`));
    expect(run.stdout).toContain('finished: 3 of 3 files succeeded');
    expect(run.stdout).not.toContain('left out');
    expect((await readdir(out)).sort()).toEqual(['a.csv', 'b.csv', 'own.csv']);
    expect(await readOutput(join(out, 'a.csv'), 'csv')).toEqual(sampleRows(6));
    expect(await readOutput(join(out, 'b.csv'), 'csv')).toEqual(sampleRows(3, 40));
    expect((await readdir(shared)).sort()).toEqual(['a.csv', 'b.csv']);
  });

  it('without it, the links are left out and named, as before', async () => {
    const out = outDir();
    const run = await runBuiltCli(local(out));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/left out: a\.csv: a symbolic link to a file outside the folder/);
    expect(run.stdout).toMatch(/left out: b\.csv: a symbolic link to a file outside the folder/);
    expect(run.stdout).toContain('1 of 1 file succeeded, 2 left out');
    expect(await readdir(out)).toEqual(['own.csv']);
  });

  it('is refused when the source is not a file:// folder, before anything runs', async () => {
    const out = outDir();
    const args = local(out, '--follow-links');
    args[args.indexOf('--source-folder') + 1] = 's3://my-bucket/in';
    const run = await runBuiltCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^qwak-batch: usage error: --follow-links applies only to file:\/\/ sources; this run reads from s3:\/\//,
    );
    expect(run.stdout).toBe('');
  });

  it('is refused by a platform run, as every local-run flag is', async () => {
    const run = await runBuiltCli(['execution', 'start', ...PLATFORM_START_FLAGS, '--follow-links']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^qwak-batch: usage error: --follow-links applies only to a local run: use file:\/\/ folders or give --model/,
    );
  });

  it('is listed with the local run flags, saying what it does', async () => {
    const help = await runBuiltCli(['execution', 'start', '--help']);
    expect(help.code).toBe(0);
    const localGroup =
      help.stdout.split('Local run (file:// folders, or --model):\n')[1]?.split('\n\n')[0] ?? '';
    expect(localGroup).toMatch(
      /--follow-links\s+Read file:\/\/ sources through symbolic links that lead outside them/,
    );
  });

  it('sets storage.local.followLinks, alongside --no-fsync', () => {
    expect(formatFlagOptions({ 'follow-links': true })).toEqual({
      storage: { local: { followLinks: true } },
    });
    expect(formatFlagOptions({ 'follow-links': true, 'no-fsync': true })).toEqual({
      storage: { local: { fsync: false, followLinks: true } },
    });
    expect(formatFlagOptions({})).toEqual({});
  });
});
