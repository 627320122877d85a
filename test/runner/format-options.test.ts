import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { type LocalRunOptions, UsageError } from 'qwak-batch';
import { BatchInferenceClient } from 'qwak-batch/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutput, sampleRows, tempDir } from './fixtures.js';

/** Whether this Node's zlib writes zstd (22.15 and later). */
const zstdFeather = typeof (zlib as { zstdCompressSync?: unknown }).zstdCompressSync === 'function';

/** The compression codecs of the column chunks of a Parquet file, as DuckDB reads them (not our codec). */
async function codecsOf(path: string): Promise<string[]> {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const reader = await db.runAndReadAll(`SELECT DISTINCT compression FROM parquet_metadata('${path}')`);
  return (await reader.getRowObjectsJS()).map((r) => String(r.compression));
}

describe('localFileRun: format options (formats)', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let IDENTITY: string;
  beforeAll(async () => {
    dir = await tempDir();
    IDENTITY = join(dir.path, 'identity.mjs');
    await writeFile(IDENTITY, 'export const predict = (table) => table;\n');
    await mkdir(join(dir.path, 'in'));
    // Semicolons, as European spreadsheets export: read only with formats.csv.delimiter.
    const rows = sampleRows(40);
    await writeFile(
      join(dir.path, 'in', 'part-1.csv'),
      `id;name;amount\n${rows.map((r) => `${r.id};${r.name};${r.amount}`).join('\n')}\n`,
    );
  });
  afterAll(() => dir.cleanup());

  const engines: [string, () => Pick<LocalRunOptions, 'model' | 'threads'>][] = [
    ['module predictor (worker threads)', () => ({ model: IDENTITY })],
    ['function predictor (codecs in worker threads)', () => ({ model: (t) => t })],
    ['threads: false', () => ({ model: (t) => t, threads: false })],
  ];
  for (const [name, engine] of engines) {
    it(`reach the codecs: ${name}`, async () => {
      const out = join(dir.path, `out-${name.split(' ')[0]}`);
      const result = await new BatchInferenceClient().localFileRun({
        modelId: 'identity',
        sourceFolder: join(dir.path, 'in'),
        destinationFolder: out,
        inputFileType: 'csv',
        outputFileType: 'parquet',
        formats: { csv: { delimiter: ';' }, parquet: { compression: 'zstd' } },
        ...engine(),
      });
      expect(result.status).toBe('finished');
      expect(await codecsOf(join(out, 'part-1.parquet'))).toEqual(['ZSTD']);
      const back = await readOutput(join(out, 'part-1.parquet'), 'parquet');
      expect(back).toHaveLength(40);
      expect(back[39]).toEqual({ id: 39, name: 'name-39', amount: 58.5 });
    });
  }

  it('default: snappy, and a semicolon file is one column', async () => {
    const out = join(dir.path, 'out-default');
    await new BatchInferenceClient().localFileRun({
      modelId: 'identity',
      sourceFolder: join(dir.path, 'in'),
      destinationFolder: out,
      inputFileType: 'csv',
      outputFileType: 'parquet',
      model: IDENTITY,
    });
    expect(await codecsOf(join(out, 'part-1.parquet'))).toEqual(['SNAPPY']);
    expect(Object.keys((await readOutput(join(out, 'part-1.parquet'), 'parquet'))[0]!)).toEqual([
      'id;name;amount',
    ]);
  });

  it('an invalid option fails the run before any file is read or written', async () => {
    const out = join(dir.path, 'out-invalid');
    const run = new BatchInferenceClient().localFileRun({
      modelId: 'identity',
      sourceFolder: join(dir.path, 'in'),
      destinationFolder: out,
      inputFileType: 'csv',
      outputFileType: 'parquet',
      model: IDENTITY,
      formats: { parquet: { compression: 'lzma' as never } },
    });
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(/compression "lzma"/);
    await expect(readdir(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('options of a format the run does not use are checked too', async () => {
    const run = new BatchInferenceClient().localFileRun({
      modelId: 'identity',
      sourceFolder: join(dir.path, 'in'),
      destinationFolder: join(dir.path, 'out-unused'),
      inputFileType: 'csv',
      model: IDENTITY,
      formats: { csv: { delimiter: ';' }, feather: { compression: 'brotli' as never } },
    });
    await expect(run).rejects.toThrow(/Feather compression must be/);
  });

  it.skipIf(zstdFeather)(
    'ZSTD Feather output on a Node without zlib zstd fails before any file is read',
    async () => {
      const out = join(dir.path, 'out-zstd');
      const run = new BatchInferenceClient().localFileRun({
        modelId: 'identity',
        sourceFolder: join(dir.path, 'in'),
        destinationFolder: out,
        inputFileType: 'csv',
        outputFileType: 'feather',
        model: IDENTITY,
        formats: { csv: { delimiter: ';' }, feather: { compression: 'zstd' } },
      });
      await expect(run).rejects.toThrow(UsageError);
      await expect(run).rejects.toThrow(/Node 22.15/);
      await expect(readdir(out)).rejects.toMatchObject({ code: 'ENOENT' });
    },
  );
});
