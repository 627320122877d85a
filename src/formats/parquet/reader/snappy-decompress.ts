/**
 * Decompresses one raw Snappy block (the format Parquet uses, without framing) into `into` (a buffer of at
 * least `expected` bytes, reused between pages) or a new buffer; returns the `expected` bytes written.
 * Throws a RangeError on any inconsistency: a stated length other than `expected`, a copy reaching before
 * the start of the output or past its end, input ending early or left over.
 */
export function snappyDecompress(src: Uint8Array, expected: number, into?: Uint8Array): Uint8Array {
  let pos = 0;
  const end = src.length;
  let length = 0;
  let shift = 1;
  for (;;) {
    if (pos >= end) throw new RangeError('snappy: input ends in its length');
    const b = src[pos++] as number;
    length += (b & 0x7f) * shift;
    if (b < 0x80) break;
    shift *= 128;
    if (shift > 2 ** 35) throw new RangeError('snappy: length varint too long');
  }
  if (length !== expected) throw new RangeError(`snappy: ${length} bytes stated, ${expected} expected`);
  const out = into && into.length >= length ? into.subarray(0, length) : new Uint8Array(length);
  const sv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const ov = new DataView(out.buffer, out.byteOffset, out.byteLength);
  // Chunked copies may write up to 15 bytes past a literal or copy: later output overwrites them, so they
  // are allowed while they stay inside the output (`slack`), and the input reads inside the input.
  const slack = length - 16;
  const srcSlack = end - 16;
  let o = 0;
  while (pos < end) {
    const tag = src[pos++] as number;
    const kind = tag & 3;
    if (kind === 0) {
      let n = tag >>> 2;
      if (n >= 60) {
        const extra = n - 59;
        if (pos + extra > end) throw new RangeError('snappy: input ends in a literal length');
        n = src[pos] as number;
        if (extra > 1) n |= (src[pos + 1] as number) << 8;
        if (extra > 2) n |= (src[pos + 2] as number) << 16;
        if (extra > 3) n += (src[pos + 3] as number) * 0x1000000;
        pos += extra;
      }
      n += 1;
      // Inside the slack zone a literal of up to 16 bytes is within both buffers: no other check needed.
      if (n <= 8 && o <= slack && pos <= srcSlack) {
        ov.setInt32(o, sv.getInt32(pos, true), true);
        ov.setInt32(o + 4, sv.getInt32(pos + 4, true), true);
      } else if (n <= 16 && o <= slack && pos <= srcSlack) {
        ov.setInt32(o, sv.getInt32(pos, true), true);
        ov.setInt32(o + 4, sv.getInt32(pos + 4, true), true);
        ov.setInt32(o + 8, sv.getInt32(pos + 8, true), true);
        ov.setInt32(o + 12, sv.getInt32(pos + 12, true), true);
      } else {
        if (pos + n > end || o + n > length) throw new RangeError('snappy: literal out of bounds');
        if (n < 64) {
          for (let i = 0; i < n; i++) out[o + i] = src[pos + i] as number;
        } else {
          out.set(src.subarray(pos, pos + n), o);
        }
      }
      pos += n;
      o += n;
      continue;
    }
    let n: number;
    let offset: number;
    if (kind === 1) {
      if (pos >= end) throw new RangeError('snappy: input ends in a copy');
      n = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | (src[pos++] as number);
    } else if (kind === 2) {
      if (pos + 2 > end) throw new RangeError('snappy: input ends in a copy');
      n = (tag >>> 2) + 1;
      offset = (src[pos] as number) | ((src[pos + 1] as number) << 8);
      pos += 2;
    } else {
      if (pos + 4 > end) throw new RangeError('snappy: input ends in a copy');
      n = (tag >>> 2) + 1;
      offset =
        ((src[pos] as number) |
          ((src[pos + 1] as number) << 8) |
          ((src[pos + 2] as number) << 16) |
          ((src[pos + 3] as number) << 24)) >>>
        0;
      pos += 4;
    }
    if (offset === 0 || offset > o || o + n > length) throw new RangeError('snappy: copy out of bounds');
    const from = o - offset;
    if (n <= 8 && offset >= 8 && o <= slack) {
      ov.setInt32(o, ov.getInt32(from, true), true);
      ov.setInt32(o + 4, ov.getInt32(from + 4, true), true);
      o += n;
    } else if (offset >= 4 && o + n <= slack) {
      // Four bytes at a time: each read lies at least 4 bytes behind the write, so it reads final bytes.
      for (let k = 0; k < n; k += 4) ov.setInt32(o + k, ov.getInt32(from + k, true), true);
      o += n;
    } else {
      const stop = o + n;
      let f = from;
      while (o < stop) out[o++] = out[f++] as number;
    }
  }
  if (o !== length) throw new RangeError(`snappy: ${o} bytes decoded, ${length} stated`);
  return out;
}
