import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchInferenceClient } from 'qwak-batch/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRows, tempDir, writeInput } from './fixtures.js';

/*
 * A source or destination folder that is a file (or lies under one) is refused before any input is read,
 * with a StorageError that names it, instead of failing the first task's write with the file system's EEXIST.
 */

const client = new BatchInferenceClient();

describe('a folder that is a file', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let source: string;
  let file: string;
  beforeAll(async () => {
    dir = await tempDir();
    source = join(dir.path, 'in');
    await mkdir(source);
    for (const name of ['a', 'b']) await writeInput(join(source, `${name}.csv`), 'csv', sampleRows(3));
    file = join(dir.path, 'report.csv');
    await writeFile(file, 'not a folder\n');
  });
  afterAll(() => dir.cleanup());

  /** Runs from `sourceFolder` into `destinationFolder`; what the predictor and the listener saw. */
  async function attempt(sourceFolder: string, destinationFolder: string) {
    const predicted: string[] = [];
    const events: string[] = [];
    const error = await client
      .localFileRun({
        modelId: 'm',
        sourceFolder,
        destinationFolder,
        inputFileType: 'csv',
        executors: 1,
        model: (table, { file: input }) => {
          predicted.push(input);
          return table;
        },
        onProgress: (event) => events.push(event.type),
      })
      .then(
        () => undefined,
        (e: unknown) => e as Error & { code?: string; uri?: string; operation?: string },
      );
    return { error, predicted, events };
  }

  it('a destination that is a file: a StorageError naming it, before any input is read', async () => {
    const { error, predicted, events } = await attempt(source, file);
    expect(error?.name).toBe('StorageError');
    expect(error?.code).toBe('STORAGE_NOT_A_FOLDER');
    expect(error?.message).toBe(`Storage connect failed for file://${file}/: it is a file, not a folder`);
    expect(error?.uri).toBe(`file://${file}/`);
    expect(predicted).toEqual([]);
    // Refused before the files were even listed: no run started, so none finished.
    expect(events).toEqual([]);
    expect(await readFile(file, 'utf8')).toBe('not a folder\n');
  });

  it('a destination under a file: the message names the file in the way', async () => {
    const { error, predicted } = await attempt(source, join(file, 'out', 'deeper'));
    expect(error?.code).toBe('STORAGE_NOT_A_FOLDER');
    expect(error?.message).toBe(
      `Storage connect failed for file://${file}/out/deeper/: file://${file} is a file, not a folder`,
    );
    expect(predicted).toEqual([]);
  });

  it('a source that is a file: the same error, naming the source', async () => {
    const { error, events } = await attempt(`file://${file}`, join(dir.path, 'out'));
    expect(error?.code).toBe('STORAGE_NOT_A_FOLDER');
    expect(error?.message).toBe(`Storage connect failed for file://${file}/: it is a file, not a folder`);
    expect(events).toEqual([]);
  });

  it('a destination that does not exist yet is still created', async () => {
    const out = join(dir.path, 'new', 'out');
    const { error, predicted } = await attempt(source, out);
    expect(error).toBeUndefined();
    expect(predicted).toHaveLength(2);
    expect((await readFile(join(out, 'a.csv'), 'utf8')).split('\n')[0]).toBe('id,name,amount');
  });
});
