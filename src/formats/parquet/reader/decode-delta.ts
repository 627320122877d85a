import type { ByteArrayBuilder } from './byte-array-builder.js';

const TWO32 = 4294967296;

/** Reads a ULEB128 varint as a BigInt (block headers may hold 64-bit values). */
function varintBig(src: Uint8Array, at: { pos: number }, end: number): bigint {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (at.pos >= end) throw new RangeError('DELTA header ends early');
    const b = src[at.pos++] as number;
    result |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return result;
    shift += 7n;
  }
  throw new RangeError('DELTA varint too long');
}

function varint(src: Uint8Array, at: { pos: number }, end: number): number {
  const v = varintBig(src, at, end);
  if (v > 0x7fffffffn) throw new RangeError('DELTA header value out of range');
  return Number(v);
}

/** A zigzag varint as the low and high 32-bit halves of its 64-bit two's complement value. */
function zigzagHalves(src: Uint8Array, at: { pos: number }, end: number): [number, number] {
  const u = varintBig(src, at, end);
  const v = BigInt.asIntN(64, (u >> 1n) ^ -(u & 1n));
  return [Number(BigInt.asUintN(32, v)), Number(BigInt.asIntN(32, v >> 32n))];
}

/** `width` (at most 32) bits from bit `bit` of `src`, unsigned; bytes past the end read as 0. */
function bits(src: Uint8Array, bit: number, width: number): number {
  if (width === 0) return 0;
  const p = bit >>> 3;
  const v =
    (src[p] ?? 0) +
    (src[p + 1] ?? 0) * 256 +
    (src[p + 2] ?? 0) * 65536 +
    (src[p + 3] ?? 0) * 16777216 +
    (src[p + 4] ?? 0) * TWO32;
  return Math.floor(v / 2 ** (bit & 7)) % 2 ** width;
}

/**
 * DELTA_BINARY_PACKED: decodes exactly `n` values (the header must say `n`) into `dst`, an Int32Array view
 * where each value takes `lanes` slots (1 for INT32, 2 for INT64: low half, then high half). Arithmetic
 * wraps as in the writers (modulo 2^32 or 2^64). Returns the position after the last miniblock read.
 */
export function deltaBinaryPacked(
  src: Uint8Array,
  pos: number,
  end: number,
  n: number,
  lanes: 1 | 2,
  dst: Int32Array,
  dstPos: number,
): number {
  const at = { pos };
  const blockSize = varint(src, at, end);
  const miniblocks = varint(src, at, end);
  const total = varint(src, at, end);
  if (total !== n) throw new RangeError(`DELTA page holds ${total} values, ${n} expected`);
  if (blockSize === 0 || blockSize % 128 !== 0 || miniblocks === 0 || (blockSize / miniblocks) % 32 !== 0) {
    throw new RangeError('DELTA block header invalid');
  }
  const perMini = blockSize / miniblocks;
  let [lo, hi] = zigzagHalves(src, at, end);
  // arrow-rs refuses an INT32 page whose first value or min delta does not fit 32 bits (some writers
  // compute deltas in 64 bits); so does the fast path, leaving such pages to it.
  if (lanes === 1 && hi !== (lo | 0) >> 31) throw new RangeError('DELTA first value too large');
  let out = dstPos * lanes;
  if (n === 0) return at.pos;
  dst[out] = lo | 0;
  if (lanes === 2) dst[out + 1] = hi;
  out += lanes;
  let done = 1;
  while (done < n) {
    const [mdLo, mdHi] = zigzagHalves(src, at, end);
    if (lanes === 1 && mdHi !== (mdLo | 0) >> 31) throw new RangeError('DELTA min delta too large');
    if (at.pos + miniblocks > end) throw new RangeError('DELTA bit widths past the end');
    const widthsAt = at.pos;
    at.pos += miniblocks;
    for (let m = 0; m < miniblocks && done < n; m++) {
      const width = src[widthsAt + m] as number;
      if (width > (lanes === 1 ? 32 : 64)) throw new RangeError(`DELTA bit width ${width} too large`);
      const bytes = (perMini * width) / 8;
      if (at.pos + bytes > end) throw new RangeError('DELTA miniblock past the end');
      const base = at.pos * 8;
      const count = Math.min(perMini, n - done);
      for (let i = 0; i < count; i++) {
        const bit = base + i * width;
        const pLo = bits(src, bit, Math.min(width, 32));
        const pHi = width > 32 ? bits(src, bit + 32, width - 32) : 0;
        const sum = lo + mdLo + pLo;
        const carry = sum >= 2 * TWO32 ? 2 : sum >= TWO32 ? 1 : 0;
        lo = sum - carry * TWO32;
        hi = (hi + mdHi + pHi + carry) | 0;
        dst[out] = lo | 0;
        if (lanes === 2) dst[out + 1] = hi;
        out += lanes;
      }
      done += count;
      at.pos += bytes;
    }
  }
  return at.pos;
}

let lengths = new Int32Array(1024);

function readLengths(src: Uint8Array, pos: number, end: number, n: number): number {
  if (lengths.length < n) lengths = new Int32Array(n);
  return deltaBinaryPacked(src, pos, end, n, 1, lengths, 0);
}

/** DELTA_LENGTH_BYTE_ARRAY: the lengths (DELTA_BINARY_PACKED), then the bytes of all values. */
export function deltaLengthByteArray(
  src: Uint8Array,
  pos: number,
  end: number,
  n: number,
  out: ByteArrayBuilder,
): number {
  pos = readLengths(src, pos, end, n);
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const len = lengths[i] as number;
    if (len < 0) throw new RangeError('negative byte array length');
    bytes += len;
  }
  if (pos + bytes > end) throw new RangeError('DELTA_LENGTH_BYTE_ARRAY data past the end');
  out.reserve(n, bytes);
  out.data.set(src.subarray(pos, pos + bytes), out.size);
  let o = out.size;
  for (let i = 0; i < n; i++) {
    o += lengths[i] as number;
    out.offsets[++out.count] = o;
  }
  return pos + bytes;
}

/** DELTA_BYTE_ARRAY: prefix lengths (DELTA_BINARY_PACKED), then suffixes (DELTA_LENGTH_BYTE_ARRAY). */
export function deltaByteArray(
  src: Uint8Array,
  pos: number,
  end: number,
  n: number,
  out: ByteArrayBuilder,
): number {
  pos = readLengths(src, pos, end, n);
  const prefixes = lengths.slice(0, n);
  pos = readLengths(src, pos, end, n);
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const p = prefixes[i] as number;
    const s = lengths[i] as number;
    if (p < 0 || s < 0) throw new RangeError('negative DELTA_BYTE_ARRAY length');
    bytes += s;
  }
  if (pos + bytes > end) throw new RangeError('DELTA_BYTE_ARRAY data past the end');
  let prevStart = -1;
  let prevLen = 0;
  for (let i = 0; i < n; i++) {
    const p = prefixes[i] as number;
    const s = lengths[i] as number;
    if (p > prevLen) throw new RangeError('DELTA_BYTE_ARRAY prefix longer than the previous value');
    out.reserve(1, p + s);
    const data = out.data;
    const start = out.size;
    if (p > 0) data.copyWithin(start, prevStart, prevStart + p);
    data.set(src.subarray(pos, pos + s), start + p);
    pos += s;
    out.offsets[++out.count] = start + p + s;
    prevStart = start;
    prevLen = p + s;
  }
  return pos;
}
