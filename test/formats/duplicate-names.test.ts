import {
  Field,
  Int32,
  makeData,
  RecordBatch,
  RecordBatchReader,
  Schema,
  Struct,
  Table,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIpc, tableToIpc } from '../../src/formats/feather/ipc-table.js';
import { createFeatherCodec, createParquetCodec } from '../../src/formats/index.js';
import { canonical, schemaOf } from './helpers/canonical.js';
import { type Oracle, openOracle, sqlString } from './helpers/duckdb.js';

/**
 * Two columns named `x` (an int and a string) and a `y`, in batches built by apache-arrow's RecordBatch
 * constructor, as a model builds them: that constructor gives the first `x` field the type of the second
 * (its data stays Int32), so the table's schema no longer describes its data.
 */
function duplicateTable(rows: number, batches = 1): Table {
  const schema = new Schema([
    new Field('x', new Int32(), true),
    new Field('x', new Utf8(), true),
    new Field('y', new Int32(), true),
  ]);
  const parts: RecordBatch[] = [];
  for (let b = 0; b < batches; b++) {
    const ints = Array.from({ length: rows }, (_, i) => (i % 7 === 3 ? null : b * rows + i));
    const strings = Array.from({ length: rows }, (_, i) => (i % 5 === 2 ? null : `s${(b * rows + i) % 11}`));
    const children = [
      vectorFromArray(ints, new Int32()).data[0]!,
      vectorFromArray(strings, new Utf8()).data[0]!,
      vectorFromArray(ints, new Int32()).data[0]!,
    ];
    const data = makeData({ type: new Struct(schema.fields), length: rows, nullCount: 0, children });
    parts.push(new RecordBatch(schema, data));
  }
  return new Table(parts);
}

/** Each column's values by position (rows by name would merge the two `x`). */
function columnsOf(table: Table): unknown[][] {
  return table.schema.fields.map((_, i) => Array.from(table.getChildAt(i) ?? [], canonical));
}

const EXPECTED_SCHEMA = ['x: Int32', 'x: Utf8', 'y: Int32'];

describe('Columns that share a name', () => {
  let oracle: Oracle;
  beforeAll(async () => {
    oracle = await openOracle();
  });
  afterAll(() => oracle?.close());

  const cases = [
    { name: 'small', table: () => duplicateTable(10) },
    // Past one 32,768-row slice: the streaming writer's slices, across two batches.
    { name: 'two batches, 50,000 rows', table: () => duplicateTable(25_000, 2) },
  ];

  it.each(cases)('Parquet round-trips them, and DuckDB reads both ($name)', async ({ table: make }) => {
    const table = make();
    const expected = columnsOf(table);
    // arrow-rs's own writer, with delta encodings and no dictionary (the two `x` then differ in encoding, which
    // arrow-rs sets by name) and several row groups (read a few at a time by parquet-wasm).
    const wasm = {
      writer: 'parquet-wasm' as const,
      deltaEncodings: true,
      dictionaryMaxDistinctRatio: 0,
      rowGroupSize: 4_000,
    };
    for (const options of [{}, wasm]) {
      const bytes = (await createParquetCodec(options).encode(table)) as Uint8Array;
      for (const reader of ['auto', 'parquet-wasm'] as const) {
        const back = await createParquetCodec({ reader }).decode(bytes);
        expect(schemaOf(back)).toEqual(EXPECTED_SCHEMA);
        expect(columnsOf(back)).toEqual(expected);
      }
      const path = oracle.file('duplicates.parquet', bytes);
      const types = await oracle.rows(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
      expect(types.map((r) => r.column_type)).toEqual(['INTEGER', 'VARCHAR', 'INTEGER']);
      const [count] = await oracle.rows(
        `SELECT count(*) AS n, count(x_1) AS strings FROM read_parquet(${sqlString(path)})`,
      );
      expect(Number(count?.n)).toBe(table.numRows);
      expect(Number(count?.strings)).toBe(expected[1]?.filter((v) => v !== null).length);
    }
  });

  it.each(cases)(
    'Feather round-trips them, with the right schema in the file ($name)',
    async ({ table: make }) => {
      const table = make();
      const feather = createFeatherCodec();
      const bytes = (await feather.encode(table)) as Uint8Array;
      const back = await feather.decode(bytes);
      expect(schemaOf(back)).toEqual(EXPECTED_SCHEMA);
      expect(columnsOf(back)).toEqual(columnsOf(table));
      // The schema the file declares, as apache-arrow's reader decodes it (before any batch is built).
      const reader = RecordBatchReader.from(bytes).open();
      expect(reader.schema.fields.map((f) => `${f.name}: ${f.type}`)).toEqual(EXPECTED_SCHEMA);
    },
  );

  it('tableToIpc and tableFromIpc carry them between threads', () => {
    const table = duplicateTable(10, 2);
    const back = tableFromIpc(tableToIpc(table));
    expect(schemaOf(back)).toEqual(EXPECTED_SCHEMA);
    expect(columnsOf(back)).toEqual(columnsOf(table));
  });
});
