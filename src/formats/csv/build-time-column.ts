import { type Data, type DataType, type Timestamp, TimeUnit, Type } from 'apache-arrow';
import type { Fail } from './build-number-column.js';
import { bitmap, fixedWidthData, setBit } from './null-bits.js';
import { scanTimestamp, type TimeParts } from './scan-time.js';
import type { CsvFields } from './tokenize.js';

const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** How {@link fillTime} writes values: days (date) or the unit's ticks (timestamp, as 32-bit halves). */
interface TimeTarget {
  readonly days: Int32Array | undefined;
  readonly stamps: BigInt64Array | undefined;
  readonly halves: Int32Array | undefined;
  /** Digits of a second's fraction in the unit. */
  readonly digits: number;
  readonly zoned: boolean;
  readonly speculative: boolean;
}

/**
 * A date or timestamp column of column `col`; an empty field is null. `speculative`: the type is a guess
 * (see buildColumn), so a value with more fraction digits than the unit or a zone the type lacks fails.
 */
export function buildTime(
  fields: CsvFields,
  col: number,
  type: DataType,
  fail: Fail,
  speculative: boolean,
): Data {
  const rows = fields.rows;
  const isDate = type.typeId === Type.Date;
  const unit = isDate ? TimeUnit.SECOND : (type as Timestamp).unit;
  const stamps = isDate ? undefined : new BigInt64Array(rows);
  const target: TimeTarget = {
    days: isDate ? new Int32Array(rows) : undefined,
    stamps,
    // Written as two 32-bit halves: a BigInt per value costs several times more.
    halves: stamps ? new Int32Array(stamps.buffer) : undefined,
    digits:
      unit === TimeUnit.SECOND
        ? 0
        : unit === TimeUnit.MILLISECOND
          ? 3
          : unit === TimeUnit.MICROSECOND
            ? 6
            : 9,
    zoned: !isDate && Boolean((type as Timestamp).timezone),
    speculative,
  };
  const nulls = bitmap(rows);
  const nullCount = fillTime(fields, col, target, nulls, fail);
  return fixedWidthData(type, rows, nulls, nullCount, (target.days ?? stamps) as Int32Array);
}

function fillTime(fields: CsvFields, col: number, target: TimeTarget, nulls: Uint8Array, fail: Fail): number {
  const { rows, columns, starts, ends, bytes } = fields;
  const { days, stamps, halves, digits, zoned, speculative } = target;
  const scale = POW10[digits] as number;
  const parts: TimeParts = { seconds: 0, fraction: 0, fractionDigits: 0, zoned: false, dateOnly: false };
  let nullCount = 0;
  for (let r = 0, f = col; r < rows; r++, f += columns) {
    const s = starts[f] as number;
    const e = ends[f] as number;
    if (s === e) {
      setBit(nulls, r);
      nullCount++;
      continue;
    }
    if (!scanTimestamp(bytes, s, e, parts)) fail(r, days ? 'a date (YYYY-MM-DD)' : 'an ISO-8601 timestamp');
    if (speculative && (parts.fractionDigits > digits || (parts.zoned && !zoned))) fail(r, 'as guessed');
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
  return nullCount;
}
