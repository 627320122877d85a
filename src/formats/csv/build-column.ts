import { type Data, type DataType, makeData, Type } from 'apache-arrow';
import { FormatError } from '../../errors.js';
import { buildFloat, buildInt, type Fail } from './build-number-column.js';
import { buildTime } from './build-time-column.js';
import { boolValue } from './infer-column.js';
import { lineAt } from './line-at.js';
import { bitmap, fixedWidthData, setBit, validityOf } from './null-bits.js';
import { type CsvFields, ESCAPED, QUOTED } from './tokenize.js';

const QUOTE = 0x22;

/**
 * Thrown instead of a FormatError by a speculative build (see {@link buildColumn}); made once, as it only
 * signals "infer this column properly".
 */
export const MISFIT = new Error('the column does not have the guessed type');

/**
 * Builds one Arrow column from the fields of column `col`, buffers by hand (TESTING.md: several times faster
 * than `vectorFromArray`). An unquoted empty field is null; a quoted empty field is an empty string in a utf8
 * column and null in the others. A value the type cannot hold is an error naming its row and column.
 *
 * `speculative`: the type is a guess from the column's first value, so that type inference and building
 * take one pass instead of two. A value the type cannot hold, and in a timestamp column a value with more
 * fraction digits than the unit or a zone where the guess had none (inference would pick another type),
 * then throws {@link MISFIT}, and the caller infers the type from all values and builds again.
 */
export function buildColumn(
  fields: CsvFields,
  col: number,
  type: DataType,
  name: string,
  file: string | undefined,
  speculative = false,
): Data {
  const { columns, starts, ends, bytes } = fields;
  const fail = (r: number, what: string): never => {
    if (speculative) throw MISFIT;
    const f = r * columns + col;
    const text = new TextDecoder().decode(
      bytes.subarray(starts[f], Math.min(ends[f] as number, (starts[f] as number) + 40)),
    );
    throw new FormatError('csv', `${JSON.stringify(text)} is not ${what}`, {
      file,
      row: fields.firstRow + r + 1,
      line: lineAt(bytes, starts[f] as number),
      column: name,
      offset: starts[f],
    });
  };
  switch (type.typeId) {
    case Type.Utf8:
      return buildUtf8(fields, col, type);
    case Type.Bool:
      return buildBool(fields, col, type, fail);
    case Type.Float:
      return buildFloat(fields, col, type, fail);
    case Type.Int:
      return buildInt(fields, col, type, fail);
    default:
      return buildTime(fields, col, type, fail, speculative);
  }
}

// One function per type, so that V8 optimises each loop on its own; the loops are functions of their own
// that return the null count (see build-number-column.ts for why).

function buildUtf8(fields: CsvFields, col: number, type: DataType): Data {
  const { rows, columns, starts, ends } = fields;
  const data = new Uint8Array(byteCount(starts, ends, columns, col, rows));
  const offsets = new Int32Array(rows + 1);
  const nulls = bitmap(rows);
  const nullCount = fillUtf8(
    fields.bytes,
    starts,
    ends,
    fields.flags,
    columns,
    col,
    rows,
    data,
    offsets,
    nulls,
  );
  return makeData({
    type,
    length: rows,
    nullCount,
    nullBitmap: validityOf(nulls, rows, nullCount),
    valueOffsets: offsets,
    data: data.subarray(0, offsets[rows]),
  } as never);
}

function byteCount(
  starts: Uint32Array,
  ends: Uint32Array,
  columns: number,
  col: number,
  rows: number,
): number {
  let total = 0;
  for (let r = 0, f = col; r < rows; r++, f += columns) total += (ends[f] as number) - (starts[f] as number);
  return total;
}

function fillUtf8(
  bytes: Uint8Array,
  starts: Uint32Array,
  ends: Uint32Array,
  flags: Uint8Array,
  columns: number,
  col: number,
  rows: number,
  data: Uint8Array,
  offsets: Int32Array,
  nulls: Uint8Array,
): number {
  let nullCount = 0;
  let pos = 0;
  for (let r = 0, f = col; r < rows; r++, f += columns) {
    const s = starts[f] as number;
    const e = ends[f] as number;
    const flag = flags[f] as number;
    if (s === e && (flag & QUOTED) === 0) {
      setBit(nulls, r);
      nullCount++;
    } else if (flag & ESCAPED) {
      for (let i = s; i < e; i++) {
        const c = bytes[i] as number;
        data[pos++] = c;
        if (c === QUOTE) i++; // skip the second quote of a pair
      }
    } else if (e - s < 64) {
      for (let i = s; i < e; i++) data[pos++] = bytes[i] as number;
    } else {
      data.set(bytes.subarray(s, e), pos);
      pos += e - s;
    }
    offsets[r + 1] = pos;
  }
  return nullCount;
}

function buildBool(fields: CsvFields, col: number, type: DataType, fail: Fail): Data {
  const rows = fields.rows;
  const values = bitmap(rows);
  const nulls = bitmap(rows);
  const nullCount = fillBool(
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

function fillBool(
  bytes: Uint8Array,
  starts: Uint32Array,
  ends: Uint32Array,
  columns: number,
  col: number,
  rows: number,
  values: Uint8Array,
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
    const v = boolValue(bytes, s, e);
    if (v === undefined) fail(r, 'a boolean (true or false)');
    if (v) setBit(values, r);
  }
  return nullCount;
}
