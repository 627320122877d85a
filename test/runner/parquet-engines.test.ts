import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { BatchInferenceClient } from 'qwak-batch/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needsParquetWasm } from '../../src/formats/parquet/needs-parquet-wasm.js';
import { tempDir } from './fixtures.js';

const IDENTITY = new URL('./models/identity.mjs', import.meta.url).href;

describe('needsParquetWasm: when a run compiles parquet-wasm before its workers start', () => {
  const both = { reads: true, writes: true };
  it('not by default: the TypeScript reader and writer take flat files with snappy, gzip or none', () => {
    expect(needsParquetWasm(undefined, both)).toBe(false);
    expect(needsParquetWasm({ compression: 'gzip', deltaEncodings: true }, both)).toBe(false);
    expect(needsParquetWasm({ compression: 'none' }, { reads: false, writes: true })).toBe(false);
  });
  it('when an option sends reads or writes to parquet-wasm', () => {
    expect(needsParquetWasm({ reader: 'parquet-wasm' }, both)).toBe(true);
    expect(needsParquetWasm({ reader: 'parquet-wasm' }, { reads: false, writes: true })).toBe(false);
    expect(needsParquetWasm({ writer: 'parquet-wasm' }, { reads: false, writes: true })).toBe(true);
    expect(needsParquetWasm({ writer: 'parquet-wasm' }, { reads: true, writes: false })).toBe(false);
    for (const compression of ['zstd', 'brotli', 'lz4_raw'] as const) {
      expect(needsParquetWasm({ compression }, { reads: false, writes: true })).toBe(true);
    }
  });
});

describe('localFileRun over Parquet the TypeScript reader and writer leave to parquet-wasm', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let db: Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;
  const rowsOf = async (path: string) =>
    (await db.runAndReadAll(`SELECT * FROM read_parquet('${path}') ORDER BY id`)).getRowObjectsJson();

  beforeAll(async () => {
    dir = await tempDir();
    db = await (await DuckDBInstance.create(':memory:')).connect();
    // A list column and a decimal: nested and fixed-point columns are parquet-wasm's (arrow-rs) alone.
    for (const k of [0, 1, 2]) {
      await db.run(
        `COPY (SELECT i AS id, [i, i + 1] AS pair, (i / 7)::DECIMAL(12, 3) AS price, 'n-' || i AS name ` +
          `FROM range(${k * 500}, ${(k + 1) * 500}) t(i)) TO '${join(dir.path, `part-${k}.parquet`)}' (FORMAT parquet)`,
      );
    }
  });
  afterAll(() => dir.cleanup());

  for (const formats of [
    undefined,
    { parquet: { reader: 'parquet-wasm', writer: 'parquet-wasm' } } as const,
  ]) {
    it(`runs them in the worker threads, which load parquet-wasm themselves (formats: ${JSON.stringify(formats)})`, async () => {
      const out = join(dir.path, `out-${formats ? 'wasm' : 'auto'}`);
      const result = await new BatchInferenceClient().localFileRun({
        modelId: 'identity',
        sourceFolder: dir.url,
        destinationFolder: `file://${out}`,
        inputFileType: 'parquet',
        model: IDENTITY,
        executors: 2,
        ...(formats ? { formats } : {}),
      });
      expect(result.status).toBe('finished');
      expect(result.files).toMatchObject({ total: 3, succeeded: 3 });
      for (const k of [0, 1, 2]) {
        const written = await rowsOf(join(out, `part-${k}.parquet`));
        expect(written).toHaveLength(500);
        expect(written).toEqual(await rowsOf(join(dir.path, `part-${k}.parquet`)));
      }
      expect((await rowsOf(join(out, 'part-1.parquet')))[3]).toEqual({
        id: '503',
        pair: ['503', '504'],
        price: '71.857',
        name: 'n-503',
      });
    });
  }
});
