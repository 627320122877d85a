import type { Data, DataType } from 'apache-arrow';
import { bitmap, fixedWidthData, setBit } from './null-bits.js';
import { isFloat, isInt64, parseFloat64, plainDecimal, plainInteger, writeInt64 } from './scan-number.js';
import type { CsvFields } from './tokenize.js';

const MINUS = 0x2d;
const PLUS = 0x2b;
const TWO32 = 4294967296;

/** Reports a value the column's type cannot hold (a FormatError, or MISFIT when building on a guess). */
export type Fail = (r: number, what: string) => never;

// Each loop is a function of its own that takes plain arguments and returns the null count: V8 compiles a
// long loop on the fly (on-stack replacement) before the code after it has ever run, and that code, with no
// type feedback, deoptimised the compiled loop when reached, so that the next call ran in the interpreter
// again (measured: the first file in a fresh thread 140 ms, now 90; steady 65, now 48).
//
// The common shapes (a sign, then digits and a dot) are checked and parsed in one walk of the bytes;
// anything else takes the general check and parse, whose results they match exactly.

/** A float64 column of column `col`; an empty field is null. */
export function buildFloat(fields: CsvFields, col: number, type: DataType, fail: Fail): Data {
  const rows = fields.rows;
  const values = new Float64Array(rows);
  const nulls = bitmap(rows);
  const nullCount = fillFloat(
    fields.bytes,
    fields.starts,
    fields.ends,
    fields.columns,
    col,
    rows,
    values,
    nulls,
    fail,
  );
  return fixedWidthData(type, rows, nulls, nullCount, values);
}

function fillFloat(
  bytes: Uint8Array,
  starts: Uint32Array,
  ends: Uint32Array,
  columns: number,
  col: number,
  rows: number,
  values: Float64Array,
  nulls: Uint8Array,
  fail: Fail,
): number {
  let nullCount = 0;
  for (let r = 0, f = col; r < rows; r++, f += columns) {
    const s = starts[f] as number;
    const e = ends[f] as number;
    if (s === e) {
      setBit(nulls, r);
      nullCount++;
      continue;
    }
    const c0 = bytes[s] as number;
    const signed = c0 === MINUS || c0 === PLUS;
    const v = plainDecimal(bytes, signed ? s + 1 : s, e);
    if (v >= 0) {
      values[r] = v * (c0 === MINUS ? -1 : 1); // a product, not a negation: no new operation for V8 to meet
      continue;
    }
    if (!isFloat(bytes, s, e)) fail(r, 'a number');
    values[r] = parseFloat64(bytes, s, e);
  }
  return nullCount;
}

/** An int64 column of column `col`; an empty field is null. */
export function buildInt(fields: CsvFields, col: number, type: DataType, fail: Fail): Data {
  const rows = fields.rows;
  const values = new BigInt64Array(rows);
  const nulls = bitmap(rows);
  // Written as two 32-bit halves: a BigInt per value costs several times more.
  const halves = new Int32Array(values.buffer);
  const nullCount = fillInt(
    fields.bytes,
    fields.starts,
    fields.ends,
    fields.columns,
    col,
    rows,
    halves,
    nulls,
    fail,
  );
  return fixedWidthData(type, rows, nulls, nullCount, values);
}

function fillInt(
  bytes: Uint8Array,
  starts: Uint32Array,
  ends: Uint32Array,
  columns: number,
  col: number,
  rows: number,
  halves: Int32Array,
  nulls: Uint8Array,
  fail: Fail,
): number {
  let nullCount = 0;
  for (let r = 0, f = col; r < rows; r++, f += columns) {
    const s = starts[f] as number;
    const e = ends[f] as number;
    if (s === e) {
      setBit(nulls, r);
      nullCount++;
      continue;
    }
    const c0 = bytes[s] as number;
    const signed = c0 === MINUS || c0 === PLUS;
    let v = plainInteger(bytes, signed ? s + 1 : s, e);
    if (v >= 0) {
      v *= c0 === MINUS ? -1 : 1;
      const hi = Math.floor(v / TWO32);
      halves[2 * r] = (v - hi * TWO32) | 0;
      halves[2 * r + 1] = hi;
      continue;
    }
    if (!isInt64(bytes, s, e)) fail(r, 'a 64-bit integer');
    writeInt64(bytes, s, e, halves, r);
  }
  return nullCount;
}
