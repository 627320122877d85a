import type { ByteArrayBuilder } from './byte-array-builder.js';

/** PLAIN fixed-width values (ints, floats): a straight copy of `n * width` bytes. Returns the end. */
export function plainFixed(
  src: Uint8Array,
  pos: number,
  end: number,
  width: number,
  n: number,
  dst: Uint8Array,
  dstPos: number,
): number {
  const bytes = n * width;
  if (pos + bytes > end) throw new RangeError('PLAIN values past the end of the page');
  dst.set(src.subarray(pos, pos + bytes), dstPos * width);
  return pos + bytes;
}

/** PLAIN booleans (bit-packed, least significant bit first) into one byte (0 or 1) per value. */
export function plainBoolean(
  src: Uint8Array,
  pos: number,
  end: number,
  n: number,
  dst: Uint8Array,
  dstPos: number,
): number {
  const bytes = Math.ceil(n / 8);
  if (pos + bytes > end) throw new RangeError('PLAIN booleans past the end of the page');
  for (let i = 0; i < n; i++) dst[dstPos + i] = ((src[pos + (i >>> 3)] as number) >>> (i & 7)) & 1;
  return pos + bytes;
}

/** PLAIN byte arrays (each a 4-byte little-endian length, then the bytes) appended to `out`. */
export function plainByteArray(
  src: Uint8Array,
  pos: number,
  end: number,
  n: number,
  out: ByteArrayBuilder,
): number {
  // The page holds at most its own size in value bytes: one reservation covers every value.
  out.reserve(n, end - pos);
  const offsets = out.offsets;
  const data = out.data;
  let o = out.size;
  let k = out.count;
  let or = 0;
  const sv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < n; i++) {
    if (pos + 4 > end) throw new RangeError('PLAIN byte array length past the end of the page');
    const len =
      ((src[pos] as number) |
        ((src[pos + 1] as number) << 8) |
        ((src[pos + 2] as number) << 16) |
        ((src[pos + 3] as number) << 24)) >>>
      0;
    pos += 4;
    if (pos + len > end) throw new RangeError('PLAIN byte array past the end of the page');
    if (len < 64) {
      // Four bytes at a time through DataViews (unaligned reads and writes), then the tail byte by byte.
      let j = 0;
      for (; j + 4 <= len; j += 4) {
        const w = sv.getInt32(pos + j, true);
        dv.setInt32(o + j, w, true);
        or |= w;
      }
      for (; j < len; j++) {
        const b = src[pos + j] as number;
        data[o + j] = b;
        or |= b;
      }
    } else {
      data.set(src.subarray(pos, pos + len), o);
      or = 0x80;
    }
    o += len;
    pos += len;
    offsets[++k] = o;
  }
  out.count = k;
  if (or & 0x80808080) out.sawHighBit = true;
  return pos;
}
