import type { ColumnKind } from './column-types.js';
import { isFloat, isInt64 } from './scan-number.js';
import { scanTimestamp, type TimeParts } from './scan-time.js';
import type { CsvFields } from './tokenize.js';

const INT = 1;
const FLOAT = 2;
const BOOL = 4;
const DATE = 8;
const TIME = 16;
const ALL = INT | FLOAT | BOOL | DATE | TIME;

/** What a scan of a column's values found. */
export interface InferredColumn {
  readonly kind: ColumnKind;
  /** Longest fraction of a second seen in a timestamp column. */
  readonly fractionDigits: number;
  /** True when some timestamp carried `Z` or an offset. */
  readonly zoned: boolean;
  /** True when the column had a non-empty value (else it is utf8 for want of any). */
  readonly seen: boolean;
}

/**
 * The narrowest type that holds every non-empty value of column `col`: int64, then float64, boolean, date,
 * timestamp, else utf8. A column with no value at all is utf8. With `firstOnly`, the type of the first
 * non-empty value alone: the codec's guess, which it then checks while building the column.
 */
export function inferColumn(fields: CsvFields, col: number, firstOnly = false): InferredColumn {
  const { bytes, starts, ends, columns, rows } = fields;
  const parts: TimeParts = { seconds: 0, fraction: 0, fractionDigits: 0, zoned: false, dateOnly: false };
  let mask = ALL;
  let seen = false;
  let fractionDigits = 0;
  let zoned = false;
  for (let r = 0, f = col; r < rows; r++, f += columns) {
    const s = starts[f] as number;
    const e = ends[f] as number;
    if (s === e) continue;
    seen = true;
    let m = 0;
    const c = bytes[s] as number;
    if (
      mask & (INT | FLOAT) &&
      ((c >= 0x30 && c <= 0x39) ||
        c === 0x2d ||
        c === 0x2b ||
        c === 0x2e ||
        c === 0x4e ||
        c === 0x6e ||
        c === 0x49 ||
        c === 0x69)
    ) {
      if (mask & INT && isInt64(bytes, s, e)) m |= INT | FLOAT;
      else if (isFloat(bytes, s, e)) m |= FLOAT;
    }
    if (mask & BOOL && (e - s === 4 || e - s === 5) && isBool(bytes, s, e)) m |= BOOL;
    if (mask & (DATE | TIME) && c >= 0x30 && c <= 0x39 && scanTimestamp(bytes, s, e, parts)) {
      m |= parts.dateOnly ? DATE | TIME : TIME;
      if (parts.fractionDigits > fractionDigits) fractionDigits = parts.fractionDigits;
      if (parts.zoned) zoned = true;
    }
    mask &= m;
    if (mask === 0 || firstOnly) break;
  }
  const kind: ColumnKind =
    !seen || mask === 0
      ? 'utf8'
      : mask & INT
        ? 'int64'
        : mask & FLOAT
          ? 'float64'
          : mask & BOOL
            ? 'boolean'
            : mask & DATE
              ? 'date'
              : 'timestamp';
  return { kind, fractionDigits, zoned, seen };
}

/** `true` or `false` in any case. */
export function isBool(bytes: Uint8Array, s: number, e: number): boolean {
  return boolValue(bytes, s, e) !== undefined;
}

/** The value of `true`/`false` in any case, else undefined. */
export function boolValue(bytes: Uint8Array, s: number, e: number): boolean | undefined {
  const t = (bytes[s] as number) | 0x20;
  if (
    e - s === 4 &&
    t === 0x74 &&
    lower(bytes, s + 1) === 0x72 &&
    lower(bytes, s + 2) === 0x75 &&
    lower(bytes, s + 3) === 0x65
  ) {
    return true;
  }
  if (
    e - s === 5 &&
    t === 0x66 &&
    lower(bytes, s + 1) === 0x61 &&
    lower(bytes, s + 2) === 0x6c &&
    lower(bytes, s + 3) === 0x73 &&
    lower(bytes, s + 4) === 0x65
  ) {
    return false;
  }
  return undefined;
}

// A top-level function, not a closure: this runs once per field.
function lower(bytes: Uint8Array, i: number): number {
  return (bytes[i] as number) | 0x20;
}
