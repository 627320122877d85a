import type * as A from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParquetCodec, type ParquetCodecOptions } from '../../src/formats/index.js';
import { PAGE, readPageHeader } from '../../src/formats/parquet/reader/page-header.js';
import { T, type ThriftStruct } from '../../src/formats/parquet/reader/thrift-compact-reader.js';
import {
  optInt,
  optStruct,
  reqInt,
  reqList,
  structs,
} from '../../src/formats/parquet/reader/thrift-fields.js';
import { supportsJsWriter } from '../../src/formats/parquet/writer/supports-js-writer.js';
import { canonicalRows } from './helpers/canonical.js';
import { type Oracle, openOracle, sqlString } from './helpers/duckdb.js';
import { expectSameAsWasm } from './helpers/parquet-differential.js';
import { footerText } from './helpers/parquet-footer.js';
import { type ChunkPageIndex, footerOf, readPageIndex } from './helpers/parquet-page-index.js';
import { allTypesTable, rechunk } from './js-writer-tables.js';
import { randomPageIndexCase } from './page-index-random.js';
import { pageIndexTables } from './page-index-tables.js';

/**
 * The page index of the TypeScript Parquet writer against arrow-rs's: for the same table, every column
 * chunk's ColumnIndex must be parquet-wasm's byte for byte (and so field for field), and its OffsetIndex must
 * list the same pages (count, first rows, value bytes); the page locations must point at the data pages, the
 * footer at the structures; and DuckDB and parquet-wasm must still read the rows.
 */
describe('Parquet JS writer: page index', () => {
  let oracle: Oracle;
  let seq = 0;
  beforeAll(async () => {
    oracle = await openOracle();
  });
  afterAll(() => oracle?.close());

  const encodeBoth = async (table: A.Table, options: ParquetCodecOptions) => {
    expect(supportsJsWriter(table, options.compression ?? 'snappy')).toBe(true);
    const js = (await createParquetCodec(options).encode(table)) as Uint8Array;
    const wasm = (await createParquetCodec({ ...options, writer: 'parquet-wasm' }).encode(
      table,
    )) as Uint8Array;
    expect(footerText(js)).toContain('qwak-batch (js writer)');
    return { js, wasm };
  };

  /** Encodes with both writers and compares their page indexes; returns the JS file. */
  const check = async (table: A.Table, options: ParquetCodecOptions = {}) => {
    const { js, wasm } = await encodeBoth(table, options);
    const ours = readPageIndex(js);
    const theirs = readPageIndex(wasm);
    expect(ours.length).toBe(theirs.length);
    ours.forEach((group, g) => {
      group.forEach((chunk, c) => {
        const other = theirs[g]![c]!;
        const where = `row group ${g}, column ${chunk.column}`;
        expect(chunk.columnIndex, where).toEqual(other.columnIndex);
        expect(chunk.columnIndexBytes, where).toEqual(other.columnIndexBytes);
        expect(chunk.offsetIndex?.fieldIds, where).toEqual(other.offsetIndex?.fieldIds);
        expect(firstRows(chunk), where).toEqual(firstRows(other));
        expect(chunk.offsetIndex?.unencodedByteArrayDataBytes, where).toEqual(
          other.offsetIndex?.unencodedByteArrayDataBytes,
        );
      });
    });
    checkLayout(js);
    return js;
  };

  /**
   * parquet-wasm and DuckDB read the input table's rows from the JS file, and the TypeScript reader reads what
   * parquet-wasm reads (or leaves the file to it, for the types it leaves to arrow-rs).
   */
  const readBack = async (table: A.Table, js: Uint8Array) => {
    const back = await createParquetCodec({ reader: 'parquet-wasm' }).decode(js);
    expect(canonicalRows(back)).toEqual(canonicalRows(table));
    await expectSameAsWasm(js);
    const wasm = (await createParquetCodec({ writer: 'parquet-wasm' }).encode(table)) as Uint8Array;
    const rows = (bytes: Uint8Array) =>
      oracle.rows(`SELECT * FROM read_parquet(${sqlString(oracle.file(`pi-${seq++}.parquet`, bytes))})`);
    expect(await rows(js)).toEqual(await rows(wasm));
  };

  it('every supported type: one page, and several pages in several row groups', async () => {
    await check(allTypesTable(40, 0));
    await check(rechunk(allTypesTable(2_500, 3), 700), { rowGroupSize: 1_000 });
    const big = rechunk(allTypesTable(70_000, 5), 9_000);
    const js = await check(big, { rowGroupSize: 50_000 });
    expect(readPageIndex(js)[0]![0]!.offsetIndex!.pageLocations.length).toBeGreaterThan(1);
    await readBack(big, js);
  });

  it('an empty table has no page index; a single row has one page', async () => {
    const js = await check(allTypesTable(0, 0));
    expect(readPageIndex(js)).toEqual([]);
    await check(allTypesTable(1, 0));
  });

  it.each(Object.keys(pageIndexTables))('%s', async (name) => {
    const { table, options, expectIndex } = pageIndexTables[name as keyof typeof pageIndexTables]();
    const js = await check(table, options);
    expectIndex?.(readPageIndex(js));
    await readBack(table, js);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('a random table and options, seed %i', async (seed) => {
    const { table, options } = randomPageIndexCase(seed);
    await check(table, options);
  });

  it('delta encodings and every compression', async () => {
    const table = rechunk(allTypesTable(45_000, 7), 10_000);
    await check(table, { deltaEncodings: true });
    for (const compression of ['gzip', 'none'] as const) await check(table, { compression });
  });
});

function firstRows(chunk: ChunkPageIndex): number[] | undefined {
  return chunk.offsetIndex?.pageLocations.map((p) => p.firstRowIndex);
}

/**
 * Every page location of the file points at a data page header, whose header and body take exactly
 * `compressed_page_size` bytes, the pages follow one another from the chunk's first data page to its end and
 * hold the row group's rows; the footer's offsets and lengths point exactly at the structures (readPageIndex
 * decodes each from exactly its bytes), which sit between the last column chunk and the footer: all column
 * indexes, then all offset indexes.
 */
function checkLayout(bytes: Uint8Array): void {
  const index = readPageIndex(bytes);
  const groups = structs(reqList(footerOf(bytes), 4, T.STRUCT));
  let dataEnd = 4;
  const columnIndexes: [number, number][] = [];
  const offsetIndexes: [number, number][] = [];
  groups.forEach((group, g) => {
    const rows = reqInt(group, 3, T.I64);
    structs(reqList(group, 1, T.STRUCT)).forEach((chunk, c) => {
      const meta = optStruct(chunk, 3) as ThriftStruct;
      const dataPage = reqInt(meta, 9, T.I64);
      const start = optInt(meta, 11, T.I64) ?? dataPage;
      const end = start + reqInt(meta, 7, T.I64);
      dataEnd = Math.max(dataEnd, end);
      const entry = index[g]![c]!;
      const where = `row group ${g}, column ${entry.column}`;
      const locations = entry.offsetIndex?.pageLocations ?? [];
      expect(locations.length, where).toBeGreaterThan(0);
      let at = dataPage;
      let row = 0;
      for (const location of locations) {
        expect(location.offset, where).toBe(at);
        expect(location.firstRowIndex, where).toBe(row);
        const header = readPageHeader(bytes, location.offset, end);
        expect(header.type, where).toBe(PAGE.DATA);
        expect(header.dataStart - location.offset + header.compressedSize, where).toBe(
          location.compressedPageSize,
        );
        at += location.compressedPageSize;
        row += header.numValues;
      }
      expect(at, where).toBe(end);
      expect(row, where).toBe(rows);
      if (entry.columnIndexOffset !== undefined) {
        expect(entry.columnIndex!.nullPages.length, where).toBe(locations.length);
        columnIndexes.push([entry.columnIndexOffset, entry.columnIndexLength!]);
      }
      offsetIndexes.push([entry.offsetIndexOffset!, entry.offsetIndexLength!]);
    });
  });
  let at = dataEnd;
  for (const [offset, length] of [...columnIndexes, ...offsetIndexes]) {
    expect(offset).toBe(at);
    at += length;
  }
  const footerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(bytes.length - 8, true);
  expect(at).toBe(bytes.length - 8 - footerLength);
}
