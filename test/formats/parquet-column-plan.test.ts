import {
  Bool,
  Decimal,
  FixedSizeBinary,
  Float64,
  Int32,
  LargeUtf8,
  makeData,
  makeVector,
  Table,
  TimestampMillisecond,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { PLAN_SAMPLE_ROWS, planColumns } from '../../src/formats/parquet/column-plan.js';

const n = 10_000;
const plan = (table: Table, ratio = 0.5) =>
  Object.fromEntries(planColumns(table, ratio).map((c) => [c.name, c]));

describe('Parquet column plan', () => {
  it('samples only non-null values, from the start of the column', () => {
    const table = new Table({
      // 1 value in 50 is set, all distinct: the sample is all distinct, whatever the nulls.
      sparse: vectorFromArray(
        Array.from({ length: n }, (_, i) => (i % 50 === 0 ? i : null)),
        new Int32(),
      ),
      // Repeats in the sample, distinct after it: the sample decides.
      early: vectorFromArray(
        Array.from({ length: n }, (_, i) => (i < PLAN_SAMPLE_ROWS ? i % 10 : i)),
        new Float64(),
      ),
      nulls: vectorFromArray(
        Array.from({ length: n }, () => null),
        new Int32(),
      ),
    });
    const p = plan(table);
    expect(p.sparse).toEqual({ name: 'sparse', dictionary: false, encoding: 'DELTA_BINARY_PACKED' });
    expect(p.early).toEqual({ name: 'early', dictionary: true });
    expect(p.nulls?.dictionary).toBe(false);
  });

  it('reads sliced columns at their offset', () => {
    // The first half repeats, the second is distinct: a slice of the second half must be planned as distinct.
    const values = Array.from({ length: 2 * n }, (_, i) => (i < n ? `r${i % 3}` : `d${i}`));
    const table = new Table({ s: vectorFromArray(values, new LargeUtf8()) });
    expect(plan(table).s).toEqual({ name: 's', dictionary: true, encoding: 'DELTA_LENGTH_BYTE_ARRAY' });
    expect(plan(table.slice(n)).s).toEqual({
      name: 's',
      dictionary: false,
      encoding: 'DELTA_LENGTH_BYTE_ARRAY',
    });
  });

  it('keys wide values by their bytes, and gives delta encodings only to types the writer allows', () => {
    const dec = new Uint32Array(4 * n);
    for (let i = 0; i < n; i++) dec[4 * i] = i % 4; // four distinct 128-bit decimals
    const fixed = new Uint8Array(6 * n);
    for (let i = 0; i < n; i++) fixed.set([i & 0xff, i >> 8, 1, 2, 3, 4], 6 * i); // all distinct
    const table = new Table({
      dec: makeVector(makeData({ type: new Decimal(2, 30, 128), length: n, data: dec })),
      fixed: makeVector(makeData({ type: new FixedSizeBinary(6), length: n, data: fixed })),
      ts: makeVector(
        makeData({
          type: new TimestampMillisecond(),
          length: n,
          data: BigInt64Array.from({ length: n }, (_, i) => 1_700_000_000_000n + BigInt(i)),
        }),
      ),
      flag: vectorFromArray(
        Array.from({ length: n }, (_, i) => i % 2 === 0),
        new Bool(),
      ),
    });
    const p = plan(table);
    expect(p.dec).toEqual({ name: 'dec', dictionary: true });
    expect(p.fixed).toEqual({ name: 'fixed', dictionary: false });
    expect(p.ts).toEqual({ name: 'ts', dictionary: false, encoding: 'DELTA_BINARY_PACKED' });
    expect(p.flag).toEqual({ name: 'flag', dictionary: false });
    // The threshold decides: everything repeating-or-not gets a dictionary at 1, nothing at 0.
    expect(plan(table, 1).fixed?.dictionary).toBe(true);
    expect(plan(table, 0).dec?.dictionary).toBe(false);
  });
});
