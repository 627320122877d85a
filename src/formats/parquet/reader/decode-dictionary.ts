import type { ByteArrayBuilder } from './byte-array-builder.js';
import { decodeRleHybrid } from './rle-hybrid-decode.js';

/** A decoded dictionary page: fixed-width values as bytes, or byte arrays. */
export type Dictionary =
  | { readonly kind: 'fixed'; readonly count: number; readonly values: Uint8Array }
  | { readonly kind: 'bytes'; readonly count: number; readonly values: ByteArrayBuilder };

let scratch = new Int32Array(1024);

/** Decodes the `n` dictionary indices of a data page (a bit-width byte, then RLE/bit-packed runs). */
export function dictionaryIndices(src: Uint8Array, pos: number, end: number, n: number): Int32Array {
  if (n === 0) return scratch;
  if (pos >= end) throw new RangeError('dictionary indices missing');
  const bitWidth = src[pos] as number;
  if (scratch.length < n) scratch = new Int32Array(n);
  decodeRleHybrid(src, pos + 1, end, bitWidth, n, scratch, 0);
  return scratch;
}

/**
 * Gathers fixed-width dictionary values (width 4 or 8) into `dst` at value `dstPos`. Both buffers are the
 * reader's own, aligned ones; 8-byte values move as two 32-bit lanes so that NaN payloads keep their bits.
 */
export function gatherFixed(
  dict: Uint8Array,
  count: number,
  width: number,
  indices: Int32Array,
  n: number,
  dst: Uint8Array,
  dstPos: number,
): void {
  const from = new Int32Array(dict.buffer, dict.byteOffset, (count * width) >>> 2);
  const to = new Int32Array(dst.buffer, dst.byteOffset + dstPos * width, (n * width) >>> 2);
  if (width === 4) {
    for (let i = 0; i < n; i++) {
      const k = indices[i] as number;
      if (k >= count) throw new RangeError(`dictionary index ${k} out of range`);
      to[i] = from[k] as number;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const k = indices[i] as number;
      if (k >= count) throw new RangeError(`dictionary index ${k} out of range`);
      to[2 * i] = from[2 * k] as number;
      to[2 * i + 1] = from[2 * k + 1] as number;
    }
  }
}

/** Gathers byte-array dictionary values into `out`. */
export function gatherByteArray(
  dict: ByteArrayBuilder,
  indices: Int32Array,
  n: number,
  out: ByteArrayBuilder,
): void {
  const count = dict.count;
  const dOff = dict.offsets;
  const dData = dict.data;
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const k = indices[i] as number;
    if (k >= count) throw new RangeError(`dictionary index ${k} out of range`);
    bytes += (dOff[k + 1] as number) - (dOff[k] as number);
  }
  out.reserve(n, bytes);
  const offsets = out.offsets;
  const data = out.data;
  let o = out.size;
  let c = out.count;
  // Four bytes at a time through DataViews (unaligned), then the tail byte by byte.
  const from = new DataView(dData.buffer, dData.byteOffset, dData.byteLength);
  const to = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < n; i++) {
    const k = indices[i] as number;
    let s = dOff[k] as number;
    const e = dOff[k + 1] as number;
    if (e - s < 64) {
      for (; s + 4 <= e; s += 4, o += 4) to.setInt32(o, from.getInt32(s, true), true);
      while (s < e) data[o++] = dData[s++] as number;
    } else {
      data.set(dData.subarray(s, e), o);
      o += e - s;
    }
    offsets[++c] = o;
  }
  out.count = c;
}
