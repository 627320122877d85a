import { type Data, type DataType, makeData, type Timestamp, TimeUnit, Type } from 'apache-arrow';
import { FormatError } from '../../errors.js';
import { boolValue } from './infer-column.js';
import { isFloat, isInt64, parseFloat64, writeInt64 } from './scan-number.js';
import { scanTimestamp, type TimeParts } from './scan-time.js';
import { type CsvFields, ESCAPED, QUOTED } from './tokenize.js';

const QUOTE = 0x22;
const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

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

type Fail = (r: number, what: string) => never;

// One function per type, so that V8 optimises each loop on its own.

function buildUtf8(fields: CsvFields, col: number, type: DataType): Data {
  const { rows, columns, starts, ends, flags, bytes } = fields;
  const validity = new Uint8Array((rows + 7) >> 3);
  let nullCount = 0;
  let total = 0;
  for (let r = 0, f = col; r < rows; r++, f += columns) total += (ends[f] as number) - (starts[f] as number);
  const data = new Uint8Array(total);
  const offsets = new Int32Array(rows + 1);
  let pos = 0;
  for (let r = 0, f = col; r < rows; r++, f += columns) {
    const s = starts[f] as number;
    const e = ends[f] as number;
    if (s === e && ((flags[f] as number) & QUOTED) === 0) {
      nullCount++;
    } else {
      setBit(validity, r);
      if ((flags[f] as number) & ESCAPED) {
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
    }
    offsets[r + 1] = pos;
  }
  return makeData({
    type,
    length: rows,
    nullCount,
    nullBitmap: nullCount ? validity : null,
    valueOffsets: offsets,
    data: data.subarray(0, pos),
  } as never);
}

function buildBool(fields: CsvFields, col: number, type: DataType, fail: Fail): Data {
  const { rows, columns, starts, ends, bytes } = fields;
  const validity = new Uint8Array((rows + 7) >> 3);
  let nullCount = 0;
  const values = new Uint8Array((rows + 7) >> 3);
  for (let r = 0, f = col; r < rows; r++, f += columns) {
    if (starts[f] === ends[f]) {
      nullCount++;
      continue;
    }
    const v = boolValue(bytes, starts[f] as number, ends[f] as number);
    if (v === undefined) fail(r, 'a boolean (true or false)');
    setBit(validity, r);
    if (v) setBit(values, r);
  }
  return makeData({
    type,
    length: rows,
    nullCount,
    nullBitmap: nullCount ? validity : null,
    data: values,
  } as never);
}

function buildFloat(fields: CsvFields, col: number, type: DataType, fail: Fail): Data {
  const { rows, columns, starts, ends, bytes } = fields;
  const validity = new Uint8Array((rows + 7) >> 3);
  let nullCount = 0;
  const values = new Float64Array(rows);
  for (let r = 0, f = col; r < rows; r++, f += columns) {
    const s = starts[f] as number;
    const e = ends[f] as number;
    if (s === e) {
      nullCount++;
      continue;
    }
    if (!isFloat(bytes, s, e)) fail(r, 'a number');
    values[r] = parseFloat64(bytes, s, e);
    setBit(validity, r);
  }
  return makeData({
    type,
    length: rows,
    nullCount,
    nullBitmap: nullCount ? validity : null,
    data: values,
  } as never);
}

function buildInt(fields: CsvFields, col: number, type: DataType, fail: Fail): Data {
  const { rows, columns, starts, ends, bytes } = fields;
  const validity = new Uint8Array((rows + 7) >> 3);
  let nullCount = 0;
  const values = new BigInt64Array(rows);
  const halves = new Int32Array(values.buffer);
  for (let r = 0, f = col; r < rows; r++, f += columns) {
    const s = starts[f] as number;
    const e = ends[f] as number;
    if (s === e) {
      nullCount++;
      continue;
    }
    if (!isInt64(bytes, s, e)) fail(r, 'a 64-bit integer');
    writeInt64(bytes, s, e, halves, r);
    setBit(validity, r);
  }
  return makeData({
    type,
    length: rows,
    nullCount,
    nullBitmap: nullCount ? validity : null,
    data: values,
  } as never);
}

function buildTime(fields: CsvFields, col: number, type: DataType, fail: Fail, speculative: boolean): Data {
  const { rows, columns, starts, ends, bytes } = fields;
  const validity = new Uint8Array((rows + 7) >> 3);
  let nullCount = 0;
  const parts: TimeParts = { seconds: 0, fraction: 0, fractionDigits: 0, zoned: false, dateOnly: false };
  const isDate = type.typeId === Type.Date;
  const unit = isDate ? TimeUnit.SECOND : (type as Timestamp).unit;
  const digits =
    unit === TimeUnit.SECOND ? 0 : unit === TimeUnit.MILLISECOND ? 3 : unit === TimeUnit.MICROSECOND ? 6 : 9;
  const scale = POW10[digits] as number;
  const zoned = !isDate && Boolean((type as Timestamp).timezone);
  const days = isDate ? new Int32Array(rows) : undefined;
  const stamps = isDate ? undefined : new BigInt64Array(rows);
  // Written as two 32-bit halves: a BigInt per value costs several times more.
  const halves = stamps ? new Int32Array(stamps.buffer) : undefined;
  for (let r = 0, f = col; r < rows; r++, f += columns) {
    const s = starts[f] as number;
    const e = ends[f] as number;
    if (s === e) {
      nullCount++;
      continue;
    }
    if (!scanTimestamp(bytes, s, e, parts)) fail(r, isDate ? 'a date (YYYY-MM-DD)' : 'an ISO-8601 timestamp');
    if (speculative && (parts.fractionDigits > digits || (parts.zoned && !zoned))) fail(r, 'as guessed');
    setBit(validity, r);
    if (days) {
      if (!parts.dateOnly) fail(r, 'a date without a time (YYYY-MM-DD)');
      days[r] = parts.seconds / 86400;
      continue;
    }
    // The fraction, cut or padded to the unit's digits.
    const fd = parts.fractionDigits;
    const sub =
      fd <= digits
        ? parts.fraction * (POW10[digits - fd] as number)
        : Math.floor(parts.fraction / (POW10[fd - digits] as number));
    const whole = parts.seconds * scale;
    const v = whole + sub;
    if (Number.isSafeInteger(v)) {
      const hi = Math.floor(v / 4294967296);
      (halves as Int32Array)[2 * r] = (v - hi * 4294967296) | 0;
      (halves as Int32Array)[2 * r + 1] = hi;
    } else {
      (stamps as BigInt64Array)[r] = BigInt(parts.seconds) * BigInt(scale) + BigInt(sub);
    }
  }
  return makeData({
    type,
    length: rows,
    nullCount,
    nullBitmap: nullCount ? validity : null,
    data: (days ?? stamps) as Int32Array,
  } as never);
}

function setBit(bits: Uint8Array, i: number): void {
  bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
}
