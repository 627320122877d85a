import type { ByteSink } from './byte-sink.js';
import type { PackedValues } from './column-values.js';

/** Appends values `[from, to)` PLAIN-encoded: little-endian fixed values, bit-packed booleans, length-prefixed bytes. */
export function writePlain(values: PackedValues, from: number, to: number, sink: ByteSink): void {
  if (values.kind === 'fixed') {
    const { words, width } = values;
    sink.append(new Uint8Array(words.buffer, words.byteOffset + from * width, (to - from) * width));
    return;
  }
  if (values.kind === 'bool') {
    const { bits } = values;
    const n = to - from;
    sink.reserve((n + 7) >> 3);
    const out = sink.bytes;
    let o = sink.length;
    for (let i = 0; i < n; i += 8) {
      let b = 0;
      const m = Math.min(8, n - i);
      for (let k = 0; k < m; k++) b |= bits[from + i + k]! << k;
      out[o++] = b;
    }
    sink.length = o;
    return;
  }
  const { offsets, data } = values;
  sink.reserve((to - from) * 4 + (offsets[to]! - offsets[from]!));
  const out = sink.bytes;
  let o = sink.length;
  for (let i = from; i < to; i++) {
    const start = offsets[i]!;
    const n = offsets[i + 1]! - start;
    out[o] = n;
    out[o + 1] = n >>> 8;
    out[o + 2] = n >>> 16;
    out[o + 3] = n >>> 24;
    o += 4;
    if (n < 32) for (let k = 0; k < n; k++) out[o + k] = data[start + k]!;
    else out.set(data.subarray(start, start + n), o);
    o += n;
  }
  sink.length = o;
}

/** Size of values `[from, to)` PLAIN-encoded, in bytes. */
export function plainSize(values: PackedValues, from: number, to: number): number {
  if (values.kind === 'fixed') return (to - from) * values.width;
  if (values.kind === 'bool') return (to - from + 7) >> 3;
  return (to - from) * 4 + values.offsets[to]! - values.offsets[from]!;
}
