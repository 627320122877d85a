import type { Table } from 'apache-arrow';
import * as A from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParquetCodec, type ParquetCodecOptions } from '../../src/formats/index.js';
import { supportsJsWriter } from '../../src/formats/parquet/writer/supports-js-writer.js';
import { canonicalRows } from './helpers/canonical.js';
import { type Oracle, openOracle, sqlString } from './helpers/duckdb.js';
import { footerText } from './helpers/parquet-footer.js';
import { allTypesTable, rechunk } from './js-writer-tables.js';

/**
 * The TypeScript Parquet writer against real readers: parquet-wasm (arrow-rs) must read back the input table,
 * types included, and DuckDB must read the same rows and see the same encodings, compression and
 * statistics as in the file parquet-wasm writes for the same table.
 */
describe('Parquet JS writer', () => {
  let oracle: Oracle;
  let seq = 0;
  beforeAll(async () => {
    oracle = await openOracle();
  });
  afterAll(() => oracle?.close());

  const encodeBoth = async (table: Table, options: ParquetCodecOptions = {}) => {
    const js = (await createParquetCodec(options).encode(table)) as Uint8Array;
    const wasm = (await createParquetCodec({ ...options, writer: 'parquet-wasm' }).encode(
      table,
    )) as Uint8Array;
    expect(footerText(js)).toContain('qwak-batch (js writer)');
    expect(footerText(wasm)).not.toContain('js writer');
    return { js, wasm };
  };

  const METADATA = `path_in_schema, type, encodings, compression, stats_min_value, stats_max_value, stats_null_count, num_values`;
  const check = async (table: Table, options: ParquetCodecOptions = {}) => {
    expect(supportsJsWriter(table, options.compression ?? 'snappy')).toBe(true);
    const { js, wasm } = await encodeBoth(table, options);
    // (a) parquet-wasm reads back the input table, with its exact Arrow types.
    const back = await createParquetCodec().decode(js);
    expect(back.schema.fields.map(String)).toEqual(table.schema.fields.map(String));
    expect(canonicalRows(back)).toEqual(canonicalRows(table));
    const backWasm = await createParquetCodec().decode(wasm);
    expect(canonicalRows(back)).toEqual(canonicalRows(backWasm));
    // (b) DuckDB reads the same rows and metadata from both files.
    const jsPath = oracle.file(`js-${seq}.parquet`, js);
    const wasmPath = oracle.file(`wasm-${seq++}.parquet`, wasm);
    const rows = (p: string) => oracle.rows(`SELECT * FROM read_parquet(${sqlString(p)})`);
    expect(await rows(jsPath)).toEqual(await rows(wasmPath));
    const meta = (p: string) =>
      oracle.rows(`SELECT row_group_id, ${METADATA} FROM parquet_metadata(${sqlString(p)}) ORDER BY ALL`);
    expect(await meta(jsPath)).toEqual(await meta(wasmPath));
    const schema = (p: string) =>
      oracle.rows(`SELECT * EXCLUDE (file_name) FROM parquet_schema(${sqlString(p)})`);
    expect(await schema(jsPath)).toEqual(await schema(wasmPath));
    return { jsPath, back };
  };

  it('every supported type, without nulls', async () => {
    await check(allTypesTable(40, 0));
  });

  it('every supported type, with nulls, in several chunks and row groups', async () => {
    const table = rechunk(allTypesTable(2_500, 3), 700);
    const { jsPath } = await check(table, { rowGroupSize: 1_000 });
    const [groups] = await oracle.rows(
      `SELECT count(DISTINCT row_group_id)::INT AS n FROM parquet_metadata(${sqlString(jsPath)})`,
    );
    expect(groups?.n).toBe(3);
  });

  it('an empty table, a single row, all-null columns', async () => {
    await check(allTypesTable(0, 0));
    await check(allTypesTable(1, 0));
    const nulls = new A.Table({
      s: A.vectorFromArray([null, null, null], new A.Utf8()),
      f: A.vectorFromArray([null, null, null], new A.Float64()),
      b: A.vectorFromArray([null, null, null], new A.Bool()),
    });
    await check(nulls);
  });

  it('snappy, gzip and no compression', async () => {
    const table = rechunk(allTypesTable(3_000, 4), 1_024);
    for (const compression of ['snappy', 'gzip', 'none'] as const) await check(table, { compression });
  });

  it('a dictionary past 1 MiB falls back to plain pages for the rest of the chunk', async () => {
    const n = 120_000;
    // The first 4,096 values repeat (the plan chooses a dictionary), then every value is new.
    const values = Array.from({ length: n }, (_, i) =>
      i < 5_000 ? `k${i % 10}` : `value-${i}-${'x'.repeat(8)}`,
    );
    const table = new A.Table({ s: A.vectorFromArray(values, new A.Utf8()) });
    const { jsPath } = await check(table);
    const [row] = await oracle.rows(`SELECT encodings FROM parquet_metadata(${sqlString(jsPath)})`);
    expect(String(row?.encodings)).toMatch(/RLE_DICTIONARY/);
    expect(String(row?.encodings)).toMatch(/PLAIN/);
  });

  it('delta encodings on request', async () => {
    const n = 50_000;
    const table = new A.Table({
      id: A.vectorFromArray(BigInt64Array.from({ length: n }, (_, i) => BigInt(i * 3 - 70_000))),
      big: A.vectorFromArray(
        BigInt64Array.from({ length: n }, (_, i) =>
          i % 2 ? 2n ** 62n + BigInt(i) : -(2n ** 62n) - BigInt(i),
        ),
      ),
      seq: A.vectorFromArray(Int32Array.from({ length: n }, (_, i) => (i * 7919) | 0)),
      wrap: A.vectorFromArray(Int32Array.from({ length: n }, (_, i) => (i % 2 ? 2147483647 : -2147483648))),
      label: A.vectorFromArray(
        Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : `label-${i}`)),
        new A.Utf8(),
      ),
    });
    const { jsPath } = await check(table, { deltaEncodings: true });
    const encodings = await oracle.rows(`SELECT encodings FROM parquet_metadata(${sqlString(jsPath)})`);
    expect(encodings.map((r) => String(r.encodings)).join()).toMatch(/DELTA_BINARY_PACKED/);
    expect(encodings.map((r) => String(r.encodings)).join()).toMatch(/DELTA_LENGTH_BYTE_ARRAY/);
  });

  it('the runner benchmark shape: 250k rows, dictionary and plain columns', async () => {
    const n = 250_000;
    const table = rechunk(
      new A.Table({
        id: A.vectorFromArray(BigInt64Array.from({ length: n }, (_, i) => BigInt(i))),
        x: A.vectorFromArray(Float64Array.from({ length: n }, (_, i) => ((i * 7) % 1000) / 10)),
        n: A.vectorFromArray(Int32Array.from({ length: n }, (_, i) => (i * 13) % 1000)),
        cat: A.vectorFromArray(
          Array.from({ length: n }, (_, i) => `cat-${i % 17}`),
          new A.Utf8(),
        ),
        label: A.vectorFromArray(
          Array.from({ length: n }, (_, i) =>
            (Math.imul(i + 1, 2654435761) >>> 0).toString(16).padStart(16, '0'),
          ),
          new A.Utf8(),
        ),
        flag: A.vectorFromArray(Array.from({ length: n }, (_, i) => i % 3 === 0)),
      }),
      32_768,
    );
    await check(table);
  });

  it('leaves other tables and compressions to parquet-wasm, and can be turned off', async () => {
    const nested = new A.Table({
      l: A.vectorFromArray([[1], [2, 3]], new A.List(new A.Field('item', new A.Int32()))),
    });
    expect(supportsJsWriter(nested, 'snappy')).toBe(false);
    const decimal = new A.Table({
      d: A.makeVector(A.makeData({ type: new A.Decimal(2, 10, 128), length: 1, data: new Uint32Array(4) })),
    });
    expect(supportsJsWriter(decimal, 'snappy')).toBe(false);
    const flat = allTypesTable(3, 0);
    expect(supportsJsWriter(flat, 'zstd')).toBe(false);
    expect(supportsJsWriter(flat, 'snappy')).toBe(true);
    const zstd = (await createParquetCodec({ compression: 'zstd' }).encode(flat)) as Uint8Array;
    expect(footerText(zstd)).not.toContain('js writer');
    const forced = (await createParquetCodec({ writer: 'parquet-wasm' }).encode(flat)) as Uint8Array;
    expect(footerText(forced)).not.toContain('js writer');
    expect(() => createParquetCodec({ writer: 'other' as 'auto' })).toThrow(/writer/);
  });

  it('stops at an aborted signal with an AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      createParquetCodec().encode(allTypesTable(10, 0), { signal: controller.signal }),
    ).rejects.toThrow(/abort/i);
  });
});
