import type { PackedValues } from './column-values.js';
import { plainSize } from './plain.js';

/**
 * arrow-rs's estimate of a data page's encoded size (`estimated_data_page_size`), which closes the page once
 * it reaches 1 MiB: `estimate(from, to)` for the page's values `[from, to)`, always called with the same
 * `from` until the page closes and with a growing `to`. Dictionary indices are not estimated: a page holds
 * at most 40,000 of them (see page-plan.ts), far below 1 MiB.
 */
export type PageEstimate = (from: number, to: number) => number;

/** The estimate for values written without the dictionary, with `encoding`. */
export function pageEstimate(
  values: PackedValues,
  encoding: 'PLAIN' | 'DELTA_BINARY_PACKED' | 'DELTA_LENGTH_BYTE_ARRAY',
): PageEstimate {
  if (encoding === 'PLAIN') return (from, to) => plainSize(values, from, to);
  if (encoding === 'DELTA_LENGTH_BYTE_ARRAY' && values.kind === 'bytes')
    return deltaLengthEstimate(values.offsets);
  // DELTA_BINARY_PACKED: at most 40,000 values of 8 bytes or less a page, far below 1 MiB.
  return () => 0;
}

const BLOCK = 128;
const MINI = 32;

/**
 * DELTA_LENGTH_BYTE_ARRAY: the value bytes plus the length encoder's output so far, which holds only its
 * completed blocks (arrow-rs writes a block once it has 128 deltas; the first length goes in the header, at
 * the end). Each block: the zigzag varint of its smallest delta, 4 bit widths, 4 miniblocks of 32 deltas
 * packed at their width. Kept incrementally: pages grow a mini-batch at a time.
 */
function deltaLengthEstimate(offsets: Int32Array): PageEstimate {
  let page = -1;
  let blocksEnd = 0; // first value after the last counted block
  let blockBytes = 0;
  const length = (i: number) => offsets[i + 1]! - offsets[i]!;
  return (from, to) => {
    if (from !== page) {
      page = from;
      blocksEnd = from + 1;
      blockBytes = 0;
    }
    while (blocksEnd + BLOCK <= to) {
      blockBytes += blockSize(length, blocksEnd);
      blocksEnd += BLOCK;
    }
    return offsets[to]! - offsets[from]! + blockBytes;
  };
}

/** Bytes of the block of the 128 deltas of lengths `start - 1 .. start + 127`. */
function blockSize(length: (i: number) => number, start: number): number {
  const deltas = new Int32Array(BLOCK);
  let min = 2147483647;
  for (let k = 0; k < BLOCK; k++) {
    const d = (length(start + k) - length(start + k - 1)) | 0;
    deltas[k] = d;
    if (d < min) min = d;
  }
  let bytes = varintSize(min >= 0 ? min * 2 : -min * 2 - 1) + 4;
  for (let m = 0; m < BLOCK; m += MINI) {
    let or = 0;
    for (let k = m; k < m + MINI; k++) or |= (deltas[k]! - min) >>> 0;
    bytes += (32 - Math.clz32(or)) * 4;
  }
  return bytes;
}

function varintSize(value: number): number {
  let n = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    n++;
  }
  return n;
}
