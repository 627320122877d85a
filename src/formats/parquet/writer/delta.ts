import type { ByteSink } from './byte-sink.js';
import type { PackedValues } from './column-values.js';

const BLOCK = 128;
const MINIBLOCKS = 4;
const MINI = BLOCK / MINIBLOCKS;
/** Largest magnitude for which INT64 deltas are computed exactly in doubles (else BigInt). */
const SAFE = 2 ** 51;

/**
 * Appends values `[from, to)` DELTA_BINARY_PACKED (blocks of 128 values, 4 miniblocks of 32, as arrow-rs).
 * INT32 deltas wrap in 32 bits (the spec: never more bits than the physical type); INT64 deltas are computed
 * in doubles while every value is within ±2^51, else with BigInt (wrapping in 64 bits).
 */
export function writeDeltaBinaryPacked(values: PackedValues, from: number, to: number, sink: ByteSink): void {
  if (values.kind !== 'fixed') throw new RangeError('DELTA_BINARY_PACKED takes INT32 or INT64 values');
  const n = to - from;
  const { words, width } = values;
  // Each value as (lo, hi) 32-bit halves of its (delta - min delta), per block.
  let get: (i: number) => number | bigint;
  if (width === 4) get = (i) => words[i]!;
  else {
    let small = true;
    for (let i = from; i < to && small; i++) {
      const v = words[2 * i + 1]! * 4294967296 + (words[2 * i]! >>> 0);
      if (v > SAFE || v < -SAFE) small = false;
    }
    if (small) get = (i) => words[2 * i + 1]! * 4294967296 + (words[2 * i]! >>> 0);
    else {
      const big = new BigInt64Array(words.buffer, words.byteOffset, words.length / 2);
      get = (i) => big[i]!;
    }
  }
  sink.varint(BLOCK);
  sink.varint(MINIBLOCKS);
  sink.varint(n);
  if (n === 0) {
    zigzag(0, sink);
    return;
  }
  zigzag(get(from), sink);
  const lo = new Uint32Array(BLOCK);
  const hi = new Uint32Array(BLOCK);
  let prev = get(from);
  for (let start = from + 1; start < to; start += BLOCK) {
    const end = Math.min(to, start + BLOCK);
    const count = end - start;
    let min: number | bigint;
    if (typeof prev === 'number' && width === 4) {
      const deltas = lo;
      let m = 2147483647;
      let p = prev;
      for (let i = start; i < end; i++) {
        const v = words[i]!;
        const d = (v - p) | 0;
        deltas[i - start] = d;
        if (d < m) m = d;
        p = v;
      }
      prev = p;
      min = m;
      for (let k = 0; k < count; k++) {
        lo[k] = ((lo[k]! | 0) - m) >>> 0;
        hi[k] = 0;
      }
    } else if (typeof prev === 'number') {
      const deltas = new Float64Array(count);
      let m = Number.POSITIVE_INFINITY;
      let p = prev;
      for (let i = start; i < end; i++) {
        const v = get(i) as number;
        deltas[i - start] = v - p;
        if (v - p < m) m = v - p;
        p = v;
      }
      prev = p;
      min = m;
      for (let k = 0; k < count; k++) {
        const u = deltas[k]! - m;
        lo[k] = u % 4294967296;
        hi[k] = Math.floor(u / 4294967296);
      }
    } else {
      const deltas: bigint[] = [];
      let m = 0n;
      let p = prev;
      for (let i = start; i < end; i++) {
        const v = get(i) as bigint;
        const d = BigInt.asIntN(64, v - p);
        deltas.push(d);
        if (i === start || d < m) m = d;
        p = v;
      }
      prev = p;
      min = m;
      for (let k = 0; k < count; k++) {
        const u = BigInt.asUintN(64, deltas[k]! - m);
        lo[k] = Number(u & 0xffffffffn);
        hi[k] = Number(u >> 32n);
      }
    }
    for (let k = count; k < BLOCK; k++) {
      lo[k] = 0;
      hi[k] = 0;
    }
    zigzag(min, sink);
    writeMiniblocks(lo, hi, count, sink);
  }
}

function writeMiniblocks(lo: Uint32Array, hi: Uint32Array, count: number, sink: ByteSink): void {
  const used = Math.ceil(count / MINI);
  const widths = [0, 0, 0, 0];
  for (let b = 0; b < used; b++) {
    let orLo = 0;
    let orHi = 0;
    for (let k = b * MINI; k < (b + 1) * MINI; k++) {
      orLo |= lo[k]!;
      orHi |= hi[k]!;
    }
    widths[b] = orHi !== 0 ? 64 - Math.clz32(orHi) : 32 - Math.clz32(orLo);
  }
  for (const w of widths) sink.byte(w);
  for (let b = 0; b < used; b++) {
    const w = widths[b]!;
    sink.reserve(w * 4 + 8);
    const out = sink.bytes;
    let o = sink.length;
    let acc = 0;
    let bits = 0;
    const put = (v: number, n: number) => {
      acc |= v << bits;
      bits += n;
      if (bits >= 32) {
        out[o] = acc;
        out[o + 1] = acc >>> 8;
        out[o + 2] = acc >>> 16;
        out[o + 3] = acc >>> 24;
        o += 4;
        bits -= 32;
        acc = bits === 0 ? 0 : v >>> (n - bits);
      }
    };
    for (let k = b * MINI; k < (b + 1) * MINI; k++) {
      if (w <= 32) {
        if (w > 0) put(lo[k]!, w);
      } else {
        put(lo[k]!, 32);
        put(hi[k]!, w - 32);
      }
    }
    sink.length = o;
  }
}

function zigzag(value: number | bigint, sink: ByteSink): void {
  if (typeof value === 'number') {
    sink.varint(value >= 0 ? value * 2 : -value * 2 - 1);
    return;
  }
  let v = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
  while (v >= 0x80n) {
    sink.byte(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  sink.byte(Number(v));
}

/** Appends values `[from, to)` DELTA_LENGTH_BYTE_ARRAY: the lengths DELTA_BINARY_PACKED, then the bytes. */
export function writeDeltaLengthByteArray(
  values: PackedValues,
  from: number,
  to: number,
  sink: ByteSink,
): void {
  if (values.kind !== 'bytes') throw new RangeError('DELTA_LENGTH_BYTE_ARRAY takes byte arrays');
  const { offsets, data } = values;
  const lengths = new Int32Array(to - from);
  for (let i = from; i < to; i++) lengths[i - from] = offsets[i + 1]! - offsets[i]!;
  writeDeltaBinaryPacked(
    { kind: 'fixed', width: 4, words: lengths, count: lengths.length },
    0,
    lengths.length,
    sink,
  );
  sink.append(data.subarray(offsets[from]!, offsets[to]!));
}
