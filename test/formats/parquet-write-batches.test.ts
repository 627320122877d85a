import {
  Interval,
  IntervalUnit,
  makeData,
  makeVector,
  Table,
  tableFromArrays,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatError } from '../../src/errors.js';
import { createParquetCodec } from '../../src/formats/index.js';
import { WRITE_BATCH_ROWS } from '../../src/formats/parquet/write-batches.js';
import { type Oracle, openOracle, sqlString } from './helpers/duckdb.js';

let oracle: Oracle;
beforeAll(async () => {
  oracle = await openOracle();
});
afterAll(() => oracle?.close());

/** Rows over several writer slices, in JS batches whose edges fall inside slices. */
function bigTable(rows: number): Table {
  const parts: Table[] = [];
  for (let start = 0; start < rows; start += 7001) {
    const n = Math.min(7001, rows - start);
    const at = (i: number) => start + i;
    parts.push(
      new Table({
        id: makeVector(BigInt64Array.from({ length: n }, (_, i) => BigInt(at(i)))),
        x: vectorFromArray(
          Array.from({ length: n }, (_, i) => (at(i) % 9 === 0 ? null : at(i) / 4)),
          undefined,
        ),
        s: vectorFromArray(
          Array.from({ length: n }, (_, i) => `s${at(i) % 13}`),
          new Utf8(),
        ),
      }),
    );
  }
  return parts.slice(1).reduce((a, b) => a.concat(b), parts[0]!);
}

describe('Parquet encode, slice by slice', () => {
  it('writes every row, in order, across slices, JS batches and row groups (DuckDB reads it back)', async () => {
    const rows = WRITE_BATCH_ROWS * 3 + 123;
    const table = bigTable(rows);
    expect(table.batches.length).toBeGreaterThan(3);
    const bytes = (await createParquetCodec({ rowGroupSize: 20_000 }).encode(table)) as Uint8Array;
    const path = oracle.file('slices.parquet', bytes);
    const [sums] = await oracle.rows(
      `SELECT count(*)::INT AS n, count(x)::INT AS xs, sum(x)::DOUBLE AS sx, count(DISTINCT s)::INT AS ss,
       max(id)::INT AS last FROM read_parquet(${sqlString(path)})`,
    );
    let sx = 0;
    let xs = 0;
    for (let i = 0; i < rows; i++) {
      if (i % 9 !== 0) {
        sx += i / 4;
        xs++;
      }
    }
    expect(sums).toEqual({ n: rows, xs, sx, ss: 13, last: rows - 1 });
    const order = await oracle.rows(
      `SELECT count(*)::INT AS bad FROM (SELECT id, row_number() OVER () - 1 AS k FROM read_parquet(${sqlString(path)})) WHERE id <> k`,
    );
    expect(order).toEqual([{ bad: 0 }]);
    const groups = await oracle.rows(
      `SELECT row_group_id AS g, any_value(row_group_num_rows)::INT AS n FROM parquet_metadata(${sqlString(path)})
       GROUP BY g ORDER BY g`,
    );
    const full = Math.floor(rows / 20_000);
    expect(groups.map((g) => g.n)).toEqual([
      ...Array.from({ length: full }, () => 20_000),
      rows - full * 20_000,
    ]);
  });

  it('reports what the writer cannot write as a typed error, never a silently empty file', async () => {
    const interval = makeVector(
      makeData({ type: new Interval(IntervalUnit.MONTH_DAY_NANO), length: 2, data: new Int32Array(8) }),
    );
    const table = new Table({ n: makeVector(Int32Array.from([1, 2])), span: interval });
    await expect(createParquetCodec().encode(table, { file: 'spans.parquet' })).rejects.toThrow(FormatError);
    await expect(createParquetCodec().encode(table)).rejects.toThrow(/MonthDayNano/);
    // The engine keeps working afterwards.
    const ok = (await createParquetCodec().encode(
      tableFromArrays({ a: Int32Array.from([7]) }),
    )) as Uint8Array;
    expect((await createParquetCodec().decode(ok)).getChild('a')?.get(0)).toBe(7);
  });

  it('reports a bad value past the first slice as a typed error, never a file cut short', async () => {
    // Invalid UTF-8 in a row of the second slice: the streaming writer's input fails there and it would end
    // with the rows before; the codec must notice and report the writer's own error.
    const n = WRITE_BATCH_ROWS * 2;
    const bytes = new Uint8Array(2 * n).fill(0x61);
    bytes.set([0xff, 0xfe], 2 * (WRITE_BATCH_ROWS + 5));
    const valueOffsets = Int32Array.from({ length: n + 1 }, (_, i) => i * 2);
    const table = new Table({
      s: makeVector(makeData({ type: new Utf8(), length: n, valueOffsets, data: bytes })),
    });
    await expect(createParquetCodec().encode(table, { file: 'bad.parquet' })).rejects.toThrow(
      new RegExp(`Invalid UTF8 sequence at string index ${WRITE_BATCH_ROWS + 5}\\b`),
    );
    await expect(createParquetCodec().encode(table)).rejects.toBeInstanceOf(FormatError);
  });
});
