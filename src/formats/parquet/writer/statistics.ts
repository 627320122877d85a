import type { PackedValues } from './column-values.js';
import type { SortOrder } from './schema.js';

/** Min and max of a column chunk, PLAIN-encoded (without length prefix for byte arrays). */
export interface MinMax {
  readonly min: Uint8Array;
  readonly max: Uint8Array;
  readonly minExact: boolean;
  readonly maxExact: boolean;
}

/**
 * Min and max of values `[from, to)` in the leaf's order (parquet.thrift "ColumnOrder"): signed or unsigned
 * integers, byte-wise unsigned for byte arrays, floats ignoring NaN with a zero min written -0 and a zero max
 * +0. `undefined` when no value counts (none, or all NaN). Byte arrays are whole: `truncateMinMax`
 * (statistics-truncate.ts) cuts them for the footer and the column index, after pages and chunks have been
 * compared and merged whole.
 */
export function minMaxOf(
  values: PackedValues,
  from: number,
  to: number,
  order: SortOrder,
): MinMax | undefined {
  if (from >= to) return undefined;
  if (values.kind === 'bool') {
    let or = 0;
    let and = 1;
    for (let i = from; i < to; i++) {
      or |= values.bits[i]!;
      and &= values.bits[i]!;
    }
    return exact(Uint8Array.of(and), Uint8Array.of(or));
  }
  if (values.kind === 'bytes') return bytesMinMax(values, from, to);
  const { words, width } = values;
  if (order === 'float') return floatMinMax(words, width, from, to);
  let minAt = from;
  let maxAt = from;
  if (width === 4) {
    const flip = order === 'unsigned' ? 0x80000000 : 0;
    let min = words[from]! ^ flip;
    let max = min;
    for (let i = from + 1; i < to; i++) {
      const v = words[i]! ^ flip;
      if (v < min) {
        min = v;
        minAt = i;
      } else if (v > max) {
        max = v;
        maxAt = i;
      }
    }
  } else {
    const flip = order === 'unsigned' ? 0x80000000 : 0;
    const less = (a: number, b: number) => {
      const ha = words[2 * a + 1]! ^ flip;
      const hb = words[2 * b + 1]! ^ flip;
      return ha < hb || (ha === hb && words[2 * a]! >>> 0 < words[2 * b]! >>> 0);
    };
    for (let i = from + 1; i < to; i++) {
      if (less(i, minAt)) minAt = i;
      else if (less(maxAt, i)) maxAt = i;
    }
  }
  return exact(valueBytes(words, width, minAt), valueBytes(words, width, maxAt));
}

/** A min/max taken whole from the values. */
export function exact(min: Uint8Array, max: Uint8Array): MinMax {
  return { min, max, minExact: true, maxExact: true };
}

function valueBytes(words: Int32Array, width: number, i: number): Uint8Array {
  return new Uint8Array(words.buffer.slice(words.byteOffset + i * width, words.byteOffset + (i + 1) * width));
}

function floatMinMax(words: Int32Array, width: number, from: number, to: number): MinMax | undefined {
  // A Float64Array needs 8-byte alignment: an unaligned view is copied, only the range asked for.
  let floats: Float32Array | Float64Array;
  if (width === 4) floats = new Float32Array(words.buffer, words.byteOffset, words.length);
  else if (words.byteOffset % 8 === 0)
    floats = new Float64Array(words.buffer, words.byteOffset, words.length / 2);
  else {
    floats = new Float64Array(words.slice(2 * from, 2 * to).buffer);
    to -= from;
    from = 0;
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let seen = false;
  for (let i = from; i < to; i++) {
    const v = floats[i]!;
    if (Number.isNaN(v)) continue;
    seen = true;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!seen) return undefined;
  if (min === 0) min = -0;
  if (max === 0) max = 0;
  const encode = (v: number) =>
    new Uint8Array((width === 4 ? Float32Array.of(v) : Float64Array.of(v)).buffer);
  return exact(encode(min), encode(max));
}

function bytesMinMax(values: Extract<PackedValues, { kind: 'bytes' }>, from: number, to: number): MinMax {
  const { offsets, data } = values;
  let minAt = from;
  let maxAt = from;
  for (let i = from + 1; i < to; i++) {
    if (compareValues(data, offsets, i, minAt) < 0) minAt = i;
    else if (compareValues(data, offsets, i, maxAt) > 0) maxAt = i;
  }
  return exact(
    data.slice(offsets[minAt]!, offsets[minAt + 1]!),
    data.slice(offsets[maxAt]!, offsets[maxAt + 1]!),
  );
}

function compareValues(data: Uint8Array, offsets: Int32Array, a: number, b: number): number {
  return compareBytes(data, offsets[a]!, offsets[a + 1]!, data, offsets[b]!, offsets[b + 1]!);
}

/** Byte-wise unsigned comparison of two ranges (shorter first when one is a prefix of the other). */
export function compareBytes(
  a: Uint8Array,
  aStart: number,
  aEnd: number,
  b: Uint8Array,
  bStart: number,
  bEnd: number,
): number {
  const n = Math.min(aEnd - aStart, bEnd - bStart);
  for (let k = 0; k < n; k++) {
    const d = a[aStart + k]! - b[bStart + k]!;
    if (d !== 0) return d;
  }
  return aEnd - aStart - (bEnd - bStart);
}

/** The smaller min and larger max of two results (of two pages, or of a chunk's dictionary and plain parts). */
export function mergeMinMax(
  a: MinMax | undefined,
  b: MinMax | undefined,
  order: SortOrder,
): MinMax | undefined {
  if (!a) return b;
  if (!b) return a;
  const minA = compareEncoded(a.min, b.min, order) <= 0;
  const maxA = compareEncoded(a.max, b.max, order) >= 0;
  return {
    min: minA ? a.min : b.min,
    minExact: minA ? a.minExact : b.minExact,
    max: maxA ? a.max : b.max,
    maxExact: maxA ? a.maxExact : b.maxExact,
  };
}

/** Compares two PLAIN-encoded values of a leaf in its sort order. */
export function compareEncoded(a: Uint8Array, b: Uint8Array, order: SortOrder): number {
  if (order === 'bytes' || order === 'bool') return compareBytes(a, 0, a.length, b, 0, b.length);
  const va = decode(a, order);
  const vb = decode(b, order);
  return va < vb ? -1 : va > vb ? 1 : 0;
}

function decode(bytes: Uint8Array, order: SortOrder): number | bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length === 4) {
    if (order === 'float') return view.getFloat32(0, true);
    return order === 'unsigned' ? view.getUint32(0, true) : view.getInt32(0, true);
  }
  if (order === 'float') return view.getFloat64(0, true);
  return order === 'unsigned' ? view.getBigUint64(0, true) : view.getBigInt64(0, true);
}
