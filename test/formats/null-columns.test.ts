import {
  Int32,
  MessageReader,
  makeData,
  makeVector,
  Null,
  Table,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeatherCodec, createParquetCodec } from '../../src/formats/index.js';
import { rowsToTable } from '../../src/predictors/rows-to-table.js';
import { type Oracle, openOracle, sqlString } from './helpers/duckdb.js';

/** A table with a `Null` column `a` beside an int column `b` (apache-arrow's own Null vector). */
function nullTable(rows: number): Table {
  return new Table({
    a: makeVector(makeData({ type: new Null(), length: rows })),
    b: vectorFromArray(
      Array.from({ length: rows }, (_, i) => i),
      new Int32(),
    ),
  });
}

const values = (vector: Vector | null) => Array.from(vector ?? []);

/**
 * A column of Arrow type `Null` (what a model's rows give for a column that is null in every row): Parquet has no
 * null physical type; arrow-rs writes it as INT32 annotated "null" and reads it back as `Null` from the Arrow
 * schema it embeds. apache-arrow leaves a null count of -1 on a sliced Null column, which arrow-rs rejects.
 */
describe('Null-typed columns', () => {
  let oracle: Oracle;
  beforeAll(async () => {
    oracle = await openOracle();
  });
  afterAll(() => oracle?.close());

  const tables = {
    rowsToTable: () =>
      rowsToTable(
        [
          { a: null, b: 0 },
          { a: undefined, b: 1 },
        ],
        'model.out',
      ),
    'a Null vector': () => nullTable(5),
    'a slice of one': () => nullTable(5).slice(1, 4),
    'several batches': () => new Table([...nullTable(3).batches, ...nullTable(2).batches]),
  };

  it.each(Object.keys(tables))('Parquet writes them (%s), readable by DuckDB and by us', async (name) => {
    const table = tables[name as keyof typeof tables]();
    for (const writer of ['auto', 'parquet-wasm'] as const) {
      const bytes = (await createParquetCodec({ writer }).encode(table)) as Uint8Array;
      for (const reader of ['auto', 'parquet-wasm'] as const) {
        const back = await createParquetCodec({ reader }).decode(bytes);
        expect(String(back.schema.fields[0]?.type)).toBe('Null');
        expect(values(back.getChildAt(0))).toEqual(Array(table.numRows).fill(null));
        expect(values(back.getChildAt(1))).toEqual(values(table.getChildAt(1)));
      }
      const path = oracle.file(`null-${writer}.parquet`, bytes);
      const rows = await oracle.rows(`SELECT a, b FROM read_parquet(${sqlString(path)})`);
      expect(rows.map((r) => r.a)).toEqual(Array(table.numRows).fill(null));
      expect(rows.map((r) => Number(r.b))).toEqual(values(table.getChildAt(1)).map(Number));
    }
  });

  it('Feather keeps them, with their null count in the file (sliced ones too)', async () => {
    const feather = createFeatherCodec();
    for (const make of Object.values(tables)) {
      const table = make();
      const bytes = (await feather.encode(table)) as Uint8Array;
      const back = await feather.decode(bytes);
      expect(String(back.schema.fields[0]?.type)).toBe('Null');
      expect(values(back.getChildAt(0))).toEqual(Array(table.numRows).fill(null));
      // arrow-rs and pyarrow refuse a Null column whose null count is not its length.
      const reader = new MessageReader(bytes.subarray(8));
      let batches = 0;
      for (let message = reader.readMessage(); message; message = reader.readMessage()) {
        if (!message.isRecordBatch()) continue;
        const node = message.header().nodes[0];
        expect(Number(node?.nullCount)).toBe(Number(node?.length));
        reader.readMessageBody(Number(message.bodyLength));
        batches++;
      }
      expect(batches).toBe(table.batches.length);
    }
  });
});
