import { ByteArrayBuilder } from './byte-array-builder.js';
import { gatherByteArray, gatherFixed } from './decode-dictionary.js';
import { plainByteArray } from './decode-plain.js';
import { decodeLevels, decodeRleHybrid } from './rle-hybrid-decode.js';
import { snappyDecompress } from './snappy-decompress.js';
import { bitmapOf, bitmapOfSpread, spreadFixed, spreadOffsets } from './spread-nulls.js';

let primed = false;

/**
 * Runs the hot decoders once per thread on a few hundred bytes that take every branch. Why: V8 compiles a
 * long loop while it runs (on-stack replacement) using the type feedback gathered so far; a branch that had
 * not run yet (the first snappy copy with a 2-byte offset, the first 8-byte dictionary…) then throws the
 * optimized code away and compiles again, several times over a thread's first file. With every branch seen
 * beforehand the first compile sticks: the first decode in a fresh thread is markedly faster.
 */
export function primeDecoders(): void {
  if (primed) return;
  primed = true;
  snappyDecompress(SNAPPY_BLOCK, SNAPPY_LENGTH);
  const bits = new Uint8Array(256).map((_, i) => (i * 37) & 0xff);
  const out = new Int32Array(64);
  for (let width = 1; width <= 32; width++) {
    // A bit-packed run of 8 groups, read to the very end of its buffer (the tail path).
    const run = Uint8Array.of(17, ...bits.subarray(0, width * 8));
    decodeRleHybrid(run, 0, run.length, width, 64, out, 0);
  }
  const levels = Uint8Array.of(8, 1, 3, 0xa5, 4, 0);
  const defs = new Uint8Array(14);
  decodeLevels(levels, 0, levels.length, 14, defs, 0);
  const dense = Int32Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
  bitmapOf(defs, 14);
  bitmapOfSpread(new Uint8Array(14).fill(1), defs, 14);
  spreadOffsets(dense, defs, 14);
  spreadFixed(new Uint8Array(56), 14, defs, 14, 4);
  spreadFixed(new Uint8Array(112), 14, defs, 14, 8);
  const dict = new Uint8Array(64).fill(3);
  const indices = Int32Array.of(0, 1, 2, 3, 1, 0, 2, 3);
  gatherFixed(dict, 8, 4, indices, 8, new Uint8Array(32), 0);
  gatherFixed(dict, 8, 8, indices, 8, new Uint8Array(64), 0);
  const strings = new ByteArrayBuilder(4, 16);
  const page = new Uint8Array(4 * 4 + 3 + 20 + 70 + 0);
  const view = new DataView(page.buffer);
  let pos = 0;
  for (const len of [3, 20, 70, 0]) {
    view.setUint32(pos, len, true);
    page.fill(0xc3, pos + 4, pos + 4 + len);
    pos += 4 + len;
  }
  plainByteArray(page, 0, page.length, 4, strings);
  gatherByteArray(
    strings,
    indices.subarray(0, 4).map((i) => i % 4),
    4,
    new ByteArrayBuilder(4, 16),
  );
}

/** The output lengths of the snappy priming block's elements, in order (see {@link SNAPPY_BLOCK}). */
const SNAPPY_LENGTH = 8 + 12 + 40 + 70 + 6 + 11 + 20 + 10 + 5 + 4;

/**
 * A raw snappy block taking every path of the decompressor: literals of 8, 12, 40 and 70 bytes (the last
 * with a length byte), copies of 6 bytes at offset 10, 11 at offset 5, 20 at offset 1 (a run), 10 with a
 * 4-byte offset, and a short literal and copy near the end (the byte-by-byte paths).
 */
const SNAPPY_BLOCK = Uint8Array.of(
  (SNAPPY_LENGTH & 0x7f) | 0x80,
  SNAPPY_LENGTH >> 7,
  7 << 2,
  ...fill(8, 1),
  11 << 2,
  ...fill(12, 2),
  39 << 2,
  ...fill(40, 3),
  60 << 2,
  69,
  ...fill(70, 4),
  1 | (2 << 2),
  10,
  1 | (7 << 2),
  5,
  2 | (19 << 2),
  1,
  0,
  3 | (9 << 2),
  30,
  0,
  0,
  0,
  4 << 2,
  ...fill(5, 5),
  1,
  8,
);

function fill(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) & 0xff);
}
