import { type Bool, type Data, type DataType, type Int, type Int32, makeData, type Utf8 } from 'apache-arrow';
import type { ChunkResult } from './read-column-chunk.js';
import { bitmapOf, bitmapOfSpread, spreadFixed, spreadOffsets } from './spread-nulls.js';

/**
 * Turns a decoded column chunk into an Arrow `Data` of `type`: nulls spread from the definition levels into
 * a validity bitmap (none when there are no nulls), values moved to their rows, narrow integers range-checked
 * (a value outside the type throws, leaving the file to parquet-wasm).
 */
export function buildColumn(type: DataType, chunk: ChunkResult, width: number): Data {
  const { rows, defs, nonNull } = chunk;
  const nullCount = rows - nonNull;
  const nullBitmap = defs && nullCount > 0 ? bitmapOf(defs, rows) : undefined;
  const spread = nullBitmap ? (defs as Uint8Array) : undefined;
  const base = {
    type,
    length: rows,
    nullCount: nullBitmap ? nullCount : 0,
    ...(nullBitmap ? { nullBitmap } : {}),
  };
  if (chunk.bools) {
    const bits = spread ? bitmapOfSpread(chunk.bools, spread, rows) : bitmapOf(chunk.bools, rows);
    return makeData({ ...base, type: type as Bool, data: bits });
  }
  if (chunk.bytes) {
    const dense = chunk.bytes.offsets;
    const valueOffsets = spread ? spreadOffsets(dense, spread, rows) : dense.subarray(0, rows + 1);
    // The builder grows by doubling: a buffer well over its contents is copied to size rather than kept.
    const size = chunk.bytes.size;
    const data =
      chunk.bytes.data.length > size * 1.5
        ? chunk.bytes.data.slice(0, size)
        : chunk.bytes.data.subarray(0, size);
    return makeData({ ...base, type: type as Utf8, valueOffsets, data });
  }
  const fixed = chunk.fixed as Uint8Array;
  const bytes = spread ? spreadFixed(fixed, nonNull, spread, rows, width) : fixed;
  return makeData({ ...base, type: type as Int32, data: narrow(type, bytes, rows, width) as Int32Array });
}

/** The values as the typed array `type` holds, converting INT32-stored narrow integers with a range check. */
function narrow(type: DataType, bytes: Uint8Array, rows: number, stored: number): ArrayBufferView {
  const Ctor = (type as { ArrayType: new (b: ArrayBufferLike, o: number, n: number) => ArrayBufferView })
    .ArrayType;
  const bytesPer = (Ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  // Same width: the stored bits are the values (UINT_32 and UINT_64 reinterpret, as arrow-rs does).
  if (bytesPer === stored) return new Ctor(bytes.buffer, bytes.byteOffset, rows);
  const src = new Int32Array(bytes.buffer, bytes.byteOffset, rows);
  const dst = new Ctor(new ArrayBuffer(rows * bytesPer), 0, rows) as unknown as { [i: number]: number };
  const t = type as Int;
  const min = t.isSigned ? -(2 ** (t.bitWidth - 1)) : 0;
  const max = t.isSigned ? 2 ** (t.bitWidth - 1) - 1 : 2 ** t.bitWidth - 1;
  for (let i = 0; i < rows; i++) {
    const v = src[i] as number;
    if (v < min || v > max) throw new RangeError(`value ${v} out of range for ${String(type)}`);
    dst[i] = v;
  }
  return dst as unknown as ArrayBufferView;
}
