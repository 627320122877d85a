import { execFileSync } from 'node:child_process';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchInferenceClient, type ProgressEvent, runResultOf } from 'qwak-batch/runner';
import { createLocalStorage, type SkippedEntry } from 'qwak-batch/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from '../cli/built-cli.js';
import { filesIn, sampleRows, tempDir, writeInput } from './fixtures.js';

// Entries with the input type's extension that a run cannot read (a local symbolic link leading outside the
// source folder, one leading nowhere, a FIFO) are not silently dropped: the run says which and why.
describe('entries left out of a local run', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let outside: string;
  let mixed: string;
  let linksOnly: string;
  beforeAll(async () => {
    dir = await tempDir();
    outside = join(dir.path, 'elsewhere');
    mixed = join(dir.path, 'mixed');
    linksOnly = join(dir.path, 'links-only');
    for (const folder of [outside, mixed, linksOnly]) await mkdir(folder);
    await writeInput(join(outside, 'far.csv'), 'csv', sampleRows(4));
    await writeInput(join(mixed, 'a.csv'), 'csv', sampleRows(3));
    await writeInput(join(mixed, 'c.csv'), 'csv', sampleRows(5));
    // Inside the folder: followed, and run like any file.
    await symlink(join(mixed, 'c.csv'), join(mixed, 'd.csv'));
    await symlink(join(outside, 'far.csv'), join(mixed, 'b.csv'));
    await symlink(join(dir.path, 'missing.csv'), join(mixed, 'e.csv'));
    execFileSync('mkfifo', [join(mixed, 'f.csv')]);
    // Another extension: not the run's business, so not reported.
    await symlink(join(outside, 'far.csv'), join(mixed, 'g.txt'));
    await symlink(join(outside, 'far.csv'), join(linksOnly, 'x.csv'));
    await symlink(join(outside, 'far.csv'), join(linksOnly, 'y.csv'));
  });
  afterAll(() => dir.cleanup());

  it('the local adapter reports each skipped entry that matches the extensions, with its reason', async () => {
    const storage = createLocalStorage(mixed);
    const skipped: SkippedEntry[] = [];
    const keys: string[] = [];
    for await (const object of storage.list('', { extensions: ['csv'], onSkip: (e) => skipped.push(e) })) {
      keys.push(object.key);
    }
    expect(keys).toEqual(['a.csv', 'c.csv', 'd.csv']);
    expect(skipped.sort((x, y) => x.key.localeCompare(y.key))).toEqual([
      { key: 'b.csv', reason: expect.stringContaining('symbolic link to a file outside the folder') },
      { key: 'e.csv', reason: 'a symbolic link to nothing' },
      { key: 'f.csv', reason: 'not a regular file' },
    ]);
  });

  it('a run lists them in its result and its run-started event, and runs the rest', async () => {
    const events: ProgressEvent[] = [];
    const out = join(dir.path, 'out-mixed');
    const result = await new BatchInferenceClient().localFileRun({
      modelId: 'm',
      sourceFolder: mixed,
      destinationFolder: out,
      inputFileType: 'csv',
      model: (table) => table,
      onProgress: (e) => events.push(e),
    });
    expect(result.status).toBe('finished');
    expect(result.ledger.map((row) => row.source.split('/').pop())).toEqual(['a.csv', 'c.csv', 'd.csv']);
    expect(result.leftOut.map((e) => e.source.split('/').pop())).toEqual(['b.csv', 'e.csv', 'f.csv']);
    expect(result.leftOut[0]!.source).toMatch(/^file:\/\/.*\/mixed\/b\.csv$/);
    const started = events.find((e) => e.type === 'run-started');
    expect(started?.type === 'run-started' && started.leftOut).toEqual(result.leftOut);
    expect(await filesIn(out)).toEqual(['a.csv', 'c.csv', 'd.csv']);
  });

  it('a folder whose only matching entries are left out fails saying so, not just "no input files"', async () => {
    const error = await new BatchInferenceClient()
      .localFileRun({
        modelId: 'm',
        sourceFolder: linksOnly,
        destinationFolder: join(dir.path, 'out-links'),
        inputFileType: 'csv',
        model: (table) => table,
      })
      .then(
        () => undefined,
        (e: unknown) => e as Error & { code?: string },
      );
    expect(error?.code).toBe('JOB_NO_INPUT');
    expect(error?.message).toMatch(
      /No input files in .*links-only.* with the extension \.csv; 2 entries with it were left out: .*\/x\.csv is a symbolic link to a file outside the folder .*, and 1 more$/,
    );
    expect(runResultOf(error)).toBeUndefined();
  });

  it('the CLI names them under the ledger and counts them in the summary and JSON', async () => {
    const out = join(dir.path, 'out-cli');
    const args = [
      'execution',
      'start',
      '--model-id',
      'm',
      '--source-folder',
      `file://${mixed}`,
      '--destination-folder',
      `file://${out}`,
      '--model',
      'examples/models/identity-scorer.mjs',
      '--input-file-type',
      'csv',
    ];
    const run = await runBuiltCli(args);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('3 files to process');
    expect(run.stderr).toContain('3 left out, listed at the end');
    expect(run.stdout).toMatch(/left out: b\.csv: a symbolic link to a file outside the folder/);
    expect(run.stdout).toMatch(/left out: e\.csv: a symbolic link to nothing/);
    expect(run.stdout).toMatch(/left out: f\.csv: not a regular file/);
    expect(run.stdout).toContain('3 of 3 files succeeded, 3 left out');
    const json = await runBuiltCli([...args, '--json', '--progress', 'none']);
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout);
    expect(result.leftOut).toHaveLength(3);
    expect(result.leftOut[2]).toEqual({
      source: expect.stringMatching(/f\.csv$/),
      reason: 'not a regular file',
    });
  });
});
