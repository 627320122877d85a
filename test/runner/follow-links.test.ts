import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchInferenceClient, type LocalRunOptions } from 'qwak-batch/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesIn, readOutput, sampleRows, tempDir, writeInput } from './fixtures.js';

// A source folder of links into a shared dataset (as DVC's symlink cache links or Bazel leave one): with
// `storage.local.followLinks` the run reads through them; without it they are left out, as before.
describe('localFileRun over symbolic links that lead outside the source folder', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let shared: string;
  let farm: string;
  beforeAll(async () => {
    dir = await tempDir();
    shared = join(dir.path, 'shared');
    farm = join(dir.path, 'farm');
    await mkdir(shared);
    await mkdir(farm);
    await writeInput(join(shared, 'a.csv'), 'csv', sampleRows(4));
    await writeInput(join(shared, 'b.csv'), 'csv', sampleRows(3, 100));
    await writeInput(join(farm, 'own.csv'), 'csv', sampleRows(2, 50));
    await symlink(join(shared, 'a.csv'), join(farm, 'a.csv'));
    await symlink(join(shared, 'b.csv'), join(farm, 'b.csv'));
    await symlink(join(dir.path, 'missing.csv'), join(farm, 'gone.csv'));
  });
  afterAll(() => dir.cleanup());

  /** A run of a model that scores each row `amount * 2`, over `farm` into a fresh folder named `name`. */
  function run(name: string, more: Partial<LocalRunOptions>, client = new BatchInferenceClient()) {
    return client.localFileRun({
      modelId: 'm',
      sourceFolder: farm,
      destinationFolder: join(dir.path, name),
      inputFileType: 'csv',
      model: (table) => table.toArray().map((row) => ({ id: Number(row.id), score: Number(row.amount) * 2 })),
      executors: 1,
      ...more,
    });
  }

  const scores = (from: number, n: number) =>
    sampleRows(n, from).map((row) => ({ id: row.id, score: row.amount * 2 }));

  it('with followLinks: every file is run, through the links, and the outputs are right', async () => {
    const result = await run('out-follow', { storage: { local: { followLinks: true } } });
    expect(result.status).toBe('finished');
    expect(result.ledger.map((row) => [row.source.split('/').pop(), row.status, row.rowsIn])).toEqual([
      ['a.csv', 'succeeded', 4],
      ['b.csv', 'succeeded', 3],
      ['own.csv', 'succeeded', 2],
    ]);
    // The input bytes are the targets' sizes, not the links'.
    expect(result.ledger[0]!.bytesIn).toBe((await readFile(join(shared, 'a.csv'))).byteLength);
    // A link to nothing is still left out, and said so.
    expect(result.leftOut).toEqual([
      { source: expect.stringMatching(/\/farm\/gone\.csv$/), reason: 'a symbolic link to nothing' },
    ]);
    const out = join(dir.path, 'out-follow');
    expect(await filesIn(out)).toEqual(['a.csv', 'b.csv', 'own.csv']);
    expect(await readOutput(join(out, 'a.csv'), 'csv')).toEqual(scores(0, 4));
    expect(await readOutput(join(out, 'b.csv'), 'csv')).toEqual(scores(100, 3));
    expect(await readOutput(join(out, 'own.csv'), 'csv')).toEqual(scores(50, 2));
    expect(await filesIn(shared)).toEqual(['a.csv', 'b.csv']);
  });

  it('without it: the links are left out, as before, and only the folder’s own file is run', async () => {
    const result = await run('out-plain', {});
    expect(result.status).toBe('finished');
    expect(result.ledger.map((row) => row.source.split('/').pop())).toEqual(['own.csv']);
    expect(result.leftOut.map((e) => [e.source.split('/').pop(), e.reason])).toEqual([
      ['a.csv', expect.stringContaining('a symbolic link to a file outside the folder')],
      ['b.csv', expect.stringContaining('a symbolic link to a file outside the folder')],
      ['gone.csv', 'a symbolic link to nothing'],
    ]);
    expect(await filesIn(join(dir.path, 'out-plain'))).toEqual(['own.csv']);
  });

  it("a client's followLinks holds for a run that sets only fsync (the local options merge field by field)", async () => {
    const client = new BatchInferenceClient({ storage: { local: { followLinks: true } } });
    const result = await run('out-merged', { storage: { local: { fsync: false } } }, client);
    expect(result.ledger.map((row) => row.source.split('/').pop())).toEqual(['a.csv', 'b.csv', 'own.csv']);
  });

  it('never writes an output through a link that leads outside the destination', async () => {
    // The destination's a.csv is a link to a shared file: writing through it would overwrite the dataset.
    const out = join(dir.path, 'out-linked');
    await mkdir(out);
    await writeFile(join(shared, 'keep.txt'), 'shared, not an input');
    await symlink(join(shared, 'keep.txt'), join(out, 'a.csv'));
    const before = await readFile(join(shared, 'keep.txt'), 'utf8');
    const result = await run('out-linked', { storage: { local: { followLinks: true } }, maxFailedFiles: 1 });
    expect(result.ledger.map((row) => [row.source.split('/').pop(), row.status])).toEqual([
      ['a.csv', 'failed'],
      ['b.csv', 'succeeded'],
      ['own.csv', 'succeeded'],
    ]);
    const failure = result.ledger[0]!.error;
    expect(failure?.message).toMatch(/outside the root through a symbolic link/);
    expect(failure?.cause).toMatchObject({ code: 'STORAGE_KEY_REFUSED', operation: 'write' });
    expect(await readFile(join(shared, 'keep.txt'), 'utf8')).toBe(before);
  });

  it('refuses, before anything runs, an output that is an input through a link in the source', async () => {
    // The source links to a file that sits in the destination under the output's name: writing the output
    // would replace the input. The URIs differ, the real paths do not.
    const out = join(dir.path, 'out-loop');
    const source = join(dir.path, 'farm-loop');
    await mkdir(out);
    await mkdir(source);
    await writeInput(join(out, 'c.csv'), 'csv', sampleRows(2));
    await symlink(join(out, 'c.csv'), join(source, 'c.csv'));
    const before = await readFile(join(out, 'c.csv'), 'utf8');
    const client = new BatchInferenceClient();
    const running = client.localFileRun({
      modelId: 'm',
      sourceFolder: source,
      destinationFolder: out,
      inputFileType: 'csv',
      model: (table) => table,
      storage: { local: { followLinks: true } },
    });
    await expect(running).rejects.toMatchObject({
      name: 'UsageError',
      message: expect.stringMatching(/farm-loop\/c\.csv would replace the input .*through a symbolic link/),
    });
    expect(await readFile(join(out, 'c.csv'), 'utf8')).toBe(before);
    // The same folders with another output type run: c.parquet is no input.
    const result = await client.localFileRun({
      modelId: 'm',
      sourceFolder: source,
      destinationFolder: out,
      inputFileType: 'csv',
      outputFileType: 'parquet',
      model: (table) => table,
      storage: { local: { followLinks: true } },
    });
    expect(result.status).toBe('finished');
  });

  it('refuses a destination folder that is a link to the source folder (no followLinks needed)', async () => {
    const alias = join(dir.path, 'shared-alias');
    await symlink(shared, alias);
    const before = await readFile(join(shared, 'b.csv'), 'utf8');
    const running = new BatchInferenceClient().localFileRun({
      modelId: 'm',
      sourceFolder: shared,
      destinationFolder: alias,
      inputFileType: 'csv',
      model: (table) => table,
    });
    await expect(running).rejects.toMatchObject({
      name: 'UsageError',
      message: expect.stringMatching(/shared\/a\.csv would replace the input .*shared\/a\.csv/),
    });
    expect(await readFile(join(shared, 'b.csv'), 'utf8')).toBe(before);
  });
});
