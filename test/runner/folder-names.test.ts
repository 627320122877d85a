import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BatchInferenceClient } from 'qwak-batch/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutput, sampleRows, tempDir, writeInput } from './fixtures.js';

const client = new BatchInferenceClient();

describe('localFileRun over folders and files with spaces, non-ASCII letters, # and %', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let input: string;
  beforeAll(async () => {
    dir = await tempDir();
    input = join(dir.path, 'my data ü #1');
    await mkdir(input);
    await writeInput(join(input, 'part 100% é.csv'), 'csv', sampleRows(4));
  });
  afterAll(() => dir.cleanup());

  it.each([
    ['plain paths', (path: string) => path],
    [
      'file:// URLs as pathToFileURL gives them (percent-encoded)',
      (path: string) => pathToFileURL(path).href,
    ],
    ['file:// URIs typed as they are', (path: string) => `file://${path}`],
  ])('reads and writes the folders they name: %s', async (_, folder) => {
    const out = join(dir.path, `out ü 50% ${_.length}`);
    const result = await client.localFileRun({
      modelId: 'm',
      sourceFolder: folder(input),
      destinationFolder: folder(out),
      inputFileType: 'csv',
      model: (t) => t,
    });
    expect(result.status).toBe('finished');
    expect(await readdir(out)).toEqual(['part 100% é.csv']);
    expect(await readOutput(join(out, 'part 100% é.csv'), 'csv')).toHaveLength(4);
    // The ledger's URIs decode back to the files: only % is escaped.
    expect(result.ledger[0]!.source).toBe(`file://${input.replaceAll('%', '%25')}/part 100%25 é.csv`);
  });
});
