import { PHYSICAL } from './arrow-types.js';
import type { ByteArrayBuilder } from './byte-array-builder.js';
import { byteStreamSplit } from './decode-byte-stream-split.js';
import { deltaBinaryPacked, deltaByteArray, deltaLengthByteArray } from './decode-delta.js';
import { type Dictionary, dictionaryIndices, gatherByteArray, gatherFixed } from './decode-dictionary.js';
import { plainBoolean, plainByteArray, plainFixed } from './decode-plain.js';
import { decodeRleHybrid } from './rle-hybrid-decode.js';

/** Dense non-null values of a column chunk as decoded so far; exactly one of the buffers is set. */
export interface ChunkValues {
  nonNull: number;
  /** INT32, INT64, FLOAT, DOUBLE: `nonNull * width` bytes used. */
  readonly fixed: Uint8Array | undefined;
  /** BOOLEAN: one byte (0 or 1) per value. */
  readonly bools: Uint8Array | undefined;
  /** BYTE_ARRAY. */
  readonly bytes: ByteArrayBuilder | undefined;
}

/** What decodePageValues needs of the leaf. */
interface Leaf {
  readonly physical: number;
  readonly width: number;
}

const E = {
  PLAIN: 0,
  PLAIN_DICTIONARY: 2,
  RLE: 3,
  DBP: 5,
  DLBA: 6,
  DBA: 7,
  RLE_DICTIONARY: 8,
  BSS: 9,
} as const;

/** Decodes the `n` non-null values of one data page from `body[pos, end)` and appends them to `out`. */
export function decodePageValues(
  encoding: number,
  body: Uint8Array,
  pos: number,
  end: number,
  n: number,
  leaf: Leaf,
  dict: Dictionary | undefined,
  out: ChunkValues,
): void {
  const at = out.nonNull;
  const { fixed, bools, bytes } = out;
  const w = leaf.width;
  if (encoding === E.PLAIN) {
    if (fixed) plainFixed(body, pos, end, w, n, fixed, at);
    else if (bools) plainBoolean(body, pos, end, n, bools, at);
    else if (bytes) plainByteArray(body, pos, end, n, bytes);
  } else if (encoding === E.PLAIN_DICTIONARY || encoding === E.RLE_DICTIONARY) {
    if (!dict) throw new RangeError('dictionary-encoded page without a dictionary page');
    const indices = dictionaryIndices(body, pos, end, n);
    if (fixed && dict.kind === 'fixed') gatherFixed(dict.values, dict.count, w, indices, n, fixed, at);
    else if (bytes && dict.kind === 'bytes') gatherByteArray(dict.values, indices, n, bytes);
    else throw new RangeError('dictionary of the wrong kind');
  } else if (encoding === E.RLE && bools) {
    if (pos + 4 > end) throw new RangeError('RLE booleans without their length');
    const len = new DataView(body.buffer, body.byteOffset + pos, 4).getUint32(0, true);
    if (pos + 4 + len > end) throw new RangeError('RLE booleans past the end');
    decodeRleHybrid(body, pos + 4, pos + 4 + len, 1, n, bools, at);
  } else if (
    encoding === E.DBP &&
    fixed &&
    (leaf.physical === PHYSICAL.INT32 || leaf.physical === PHYSICAL.INT64)
  ) {
    const lanes = leaf.physical === PHYSICAL.INT32 ? 1 : 2;
    deltaBinaryPacked(body, pos, end, n, lanes, new Int32Array(fixed.buffer, fixed.byteOffset), at);
  } else if (encoding === E.DLBA && bytes) {
    deltaLengthByteArray(body, pos, end, n, bytes);
  } else if (encoding === E.DBA && bytes) {
    deltaByteArray(body, pos, end, n, bytes);
  } else if (
    encoding === E.BSS &&
    fixed &&
    (leaf.physical === PHYSICAL.FLOAT || leaf.physical === PHYSICAL.DOUBLE)
  ) {
    byteStreamSplit(body, pos, end, w, n, fixed, at);
  } else {
    throw new RangeError(`encoding ${encoding} is not read by the fast path for this column`);
  }
  out.nonNull = at + n;
}
