import type { Data, DataType, Decimal, Table } from 'apache-arrow';
import { Type } from 'apache-arrow';

/** A decimal value with more digits than its column's precision. */
export interface DecimalOverflow {
  readonly column: string;
  /** 1-based row of the table. */
  readonly row: number;
  /** The value, written out with its scale. */
  readonly value: string;
  readonly precision: number;
}

/**
 * The first decimal value, in row order of the first column that has one, with more digits than its type's
 * precision, or undefined. arrow-rs stores a Decimal128 column of precision up to 9 as INT32, up to 18 as
 * INT64, and above as a fixed-length array of the bytes the precision needs, and keeps only the low bytes of a
 * value that does not fit: such a value reads back as another number, with no error. Only columns with a
 * decimal type (top level, or inside structs, lists and dictionaries) are scanned.
 */
export function findDecimalOverflow(table: Table): DecimalOverflow | undefined {
  for (const [index, field] of table.schema.fields.entries()) {
    if (!hasDecimal(field.type)) continue;
    let base = 0;
    for (const data of table.getChildAt(index)?.data ?? []) {
      const found = firstOverflow(data, 0, data.length);
      if (found) return { column: field.name, row: base + found.index + 1, ...found.value };
      base += data.length;
    }
  }
  return undefined;
}

interface Found {
  readonly index: number;
  readonly value: { readonly value: string; readonly precision: number };
}

function hasDecimal(type: DataType): boolean {
  if (type.typeId === Type.Decimal) return true;
  if (type.typeId === Type.Dictionary)
    return hasDecimal((type as unknown as { dictionary: DataType }).dictionary);
  return (type.children ?? []).some((child: { type: DataType }) => hasDecimal(child.type));
}

/** The first value of `data` in `[from, to)` out of its precision, its index mapped to `data`'s indices. */
function firstOverflow(data: Data, from: number, to: number): Found | undefined {
  const { type } = data;
  if (!hasDecimal(type) || to <= from) return undefined;
  switch (type.typeId) {
    case Type.Decimal:
      return scanDecimals(data, from, to);
    case Type.Struct: {
      let first: Found | undefined;
      for (const child of data.children) {
        const found = firstOverflow(child, from, first ? first.index : to);
        if (found) first = found;
      }
      return first;
    }
    case Type.FixedSizeList: {
      const size = (type as unknown as { listSize: number }).listSize;
      const found = data.children[0] && firstOverflow(data.children[0], from * size, to * size);
      return found && { index: Math.floor(found.index / size), value: found.value };
    }
    case Type.List:
    case Type.LargeList:
    case Type.Map: {
      const offsets = data.valueOffsets as ArrayLike<number | bigint>;
      const child = data.children[0];
      if (!child) return undefined;
      const found = firstOverflow(child, Number(offsets[from]), Number(offsets[to]));
      if (!found) return undefined;
      let row = from;
      while (row + 1 < to && Number(offsets[row + 1]) <= found.index) row++;
      return { index: row, value: found.value };
    }
    case Type.Dictionary: {
      const values = data.dictionary?.data ?? [];
      const bad = new Set<number>();
      let base = 0;
      let value: Found['value'] | undefined;
      for (const chunk of values) {
        for (let at = 0; at < chunk.length; ) {
          const found = scanDecimals(chunk, at, chunk.length);
          if (!found) break;
          bad.add(base + found.index);
          value ??= found.value;
          at = found.index + 1;
        }
        base += chunk.length;
      }
      if (!value) return undefined;
      const keys = data.values as ArrayLike<number | bigint>;
      for (let i = from; i < to; i++) {
        const key = Number(keys[i]);
        if (bad.has(key) && isValid(data, i)) return { index: i, value: decimalAt(values, key) ?? value };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function decimalAt(chunks: readonly Data[], index: number): Found['value'] | undefined {
  let at = index;
  for (const chunk of chunks) {
    if (at < chunk.length) return scanDecimals(chunk, at, at + 1)?.value;
    at -= chunk.length;
  }
  return undefined;
}

const TWO_32 = 2 ** 32;
/** Relative margin around 10^precision inside which a value is compared exactly (as a BigInt). */
const MARGIN = 2 ** -40;

function scanDecimals(data: Data, from: number, to: number): Found | undefined {
  const { precision, scale, bitWidth } = data.type as Decimal;
  const words = data.values as Uint32Array;
  const stride = bitWidth / 32;
  const limit = 10 ** precision;
  const below = limit * (1 - MARGIN);
  const above = limit * (1 + MARGIN);
  const checkNulls = data.nullCount !== 0;
  for (let i = from; i < to; i++) {
    const at = i * stride;
    const high = words[at + stride - 1]! | 0;
    let magnitude: number;
    if (stride === 1) magnitude = Math.abs(high);
    else if (fitsInt64(words, at, stride, high < 0)) {
      magnitude = Math.abs((words[at + 1]! | 0) * TWO_32 + words[at]!);
    } else magnitude = precision <= 18 ? Number.POSITIVE_INFINITY : Number.NaN;
    if (magnitude < below) continue;
    if (checkNulls && !isValid(data, i)) continue;
    const exact = bigIntAt(words, at, stride);
    if (magnitude <= above || Number.isNaN(magnitude)) {
      if ((exact < 0n ? -exact : exact) < 10n ** BigInt(precision)) continue;
    }
    return { index: i, value: { value: withScale(exact, scale), precision } };
  }
  return undefined;
}

/** Whether the value at `at` is its low 64 bits sign-extended (its higher words copies of the sign). */
function fitsInt64(words: Uint32Array, at: number, stride: number, negative: boolean): boolean {
  const fill = negative ? 0xffffffff : 0;
  for (let k = 2; k < stride; k++) if (words[at + k] !== fill) return false;
  return words[at + 1]! >>> 31 === (negative ? 1 : 0);
}

function bigIntAt(words: Uint32Array, at: number, stride: number): bigint {
  let value = 0n;
  for (let k = stride - 1; k >= 0; k--) value = (value << 32n) | BigInt(words[at + k]!);
  return words[at + stride - 1]! >>> 31 ? value - (1n << BigInt(32 * stride)) : value;
}

function withScale(value: bigint, scale: number): string {
  if (scale <= 0) return (value * 10n ** BigInt(-scale)).toString();
  const digits = (value < 0n ? -value : value).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return value < 0n ? `-${text}` : text;
}

function isValid(data: Data, i: number): boolean {
  const bitmap = data.nullBitmap as Uint8Array | undefined;
  if (!bitmap || bitmap.length === 0) return true;
  const bit = data.offset + i;
  return ((bitmap[bit >> 3]! >> (bit & 7)) & 1) === 1;
}
