import type { ByteSink } from './byte-sink.js';

/** Repeats from which a run is written as an RLE run rather than bit-packed (the 8 of arrow-rs and parquet-mr). */
const MIN_RLE_RUN = 8;

/** Bits needed to write every value from 0 to `max`. */
export function bitWidthOf(max: number): number {
  return max <= 0 ? 0 : 32 - Math.clz32(max);
}

/**
 * Appends `values[from..to)` in Parquet's RLE/bit-packed hybrid encoding (no length prefix): runs of at least
 * 8 equal values become RLE runs, everything between them bit-packed groups of 8 (the last group padded with
 * zeros). Values must fit `bitWidth` bits (0 to 32).
 */
export function writeRleHybrid(
  values: ArrayLike<number>,
  from: number,
  to: number,
  bitWidth: number,
  sink: ByteSink,
): void {
  const valueBytes = (bitWidth + 7) >> 3;
  let packedStart = from; // first value not yet written
  let i = from;
  while (i < to) {
    // Find the run of equal values starting at i.
    const v = values[i]!;
    let j = i + 1;
    while (j < to && values[j] === v) j++;
    if (j - i >= MIN_RLE_RUN) {
      // Bit-packed groups must hold multiples of 8 values: the run gives the pending values what they lack.
      let runStart = i;
      const pending = i - packedStart;
      if (pending > 0) {
        const pad = (8 - (pending & 7)) & 7;
        if (j - i - pad >= MIN_RLE_RUN || pad === 0) {
          runStart = i + pad;
          writePacked(values, packedStart, runStart, bitWidth, sink);
        } else {
          // Too short to both pad and stay a run: pack it along with the pending values.
          i = j;
          continue;
        }
      }
      writeRun(v, j - runStart, valueBytes, sink);
      packedStart = j;
    }
    i = j;
  }
  if (packedStart < to) writePacked(values, packedStart, to, bitWidth, sink);
}

/** Appends one RLE run: `count` times `value`. */
export function writeRun(value: number, count: number, valueBytes: number, sink: ByteSink): void {
  sink.varint(count * 2);
  sink.reserve(4);
  for (let k = 0; k < valueBytes; k++) sink.byte((value >>> (8 * k)) & 0xff);
}

/** Appends `values[from..to)` as one bit-packed run, padded with zeros to a multiple of 8 values. */
function writePacked(
  values: ArrayLike<number>,
  from: number,
  to: number,
  bitWidth: number,
  sink: ByteSink,
): void {
  const groups = Math.ceil((to - from) / 8);
  sink.varint(groups * 2 + 1);
  const bytes = groups * bitWidth;
  sink.reserve(bytes + 8);
  const out = sink.bytes;
  let o = sink.length;
  const end = from + groups * 8;
  if (bitWidth === 0) return;
  // Accumulate into a 32-bit word low bits first; the high part of a value goes in the next word.
  let acc = 0;
  let bits = 0;
  for (let k = from; k < end; k++) {
    const v = k < to ? values[k]! : 0;
    acc |= v << bits;
    bits += bitWidth;
    if (bits >= 32) {
      out[o] = acc;
      out[o + 1] = acc >>> 8;
      out[o + 2] = acc >>> 16;
      out[o + 3] = acc >>> 24;
      o += 4;
      bits -= 32;
      acc = bits === 0 ? 0 : v >>> (bitWidth - bits);
    }
  }
  while (bits > 0) {
    out[o++] = acc;
    acc >>>= 8;
    bits -= 8;
  }
  sink.length = o;
}
