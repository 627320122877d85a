import { PHYSICAL } from './arrow-types.js';
import { ByteArrayBuilder } from './byte-array-builder.js';
import type { Dictionary } from './decode-dictionary.js';
import { type ChunkValues, decodePageValues } from './decode-page-values.js';
import { plainByteArray, plainFixed } from './decode-plain.js';
import { decompress } from './decompress.js';
import type { ColumnMetaData } from './file-metadata.js';
import { PAGE, type PageHeader, readPageHeader } from './page-header.js';
import { decodeLevels } from './rle-hybrid-decode.js';
import { validateUtf8 } from './utf8-validate.js';

/** How one flat leaf column is read. */
export interface LeafPlan {
  readonly physical: number;
  /** Bytes per stored value of INT32, INT64, FLOAT and DOUBLE; 0 otherwise. */
  readonly width: number;
  /** OPTIONAL (definition levels of max 1) rather than REQUIRED. */
  readonly optional: boolean;
  /** A Utf8 column: every value must be valid UTF-8, or arrow-rs refuses the file. */
  readonly utf8: boolean;
}

/** The decoded values of one column chunk: dense non-null values, and definition levels when optional. */
export interface ChunkResult extends ChunkValues {
  readonly rows: number;
  /**
   * One level (0 null, 1 set) per row; `undefined` for required columns. A buffer shared by all chunks:
   * valid until the next {@link readColumnChunk} call.
   */
  readonly defs: Uint8Array | undefined;
}

const RLE = 3;

let levelBuffer = new Uint8Array(0);

/** Lets the shared definition-level buffer go once a file is read. */
export function releaseLevelBuffer(): void {
  levelBuffer = new Uint8Array(0);
}

/**
 * Reads the pages of one column chunk of `rows` rows. Throws on anything malformed, inconsistent or outside
 * the fast path (an index page, BIT_PACKED levels, an unknown encoding, values left over or missing…).
 */
export function readColumnChunk(
  file: Uint8Array,
  dataEnd: number,
  meta: ColumnMetaData,
  rows: number,
  plan: LeafPlan,
): ChunkResult {
  const start = meta.dictionaryPageOffset ?? meta.dataPageOffset;
  const end = start + meta.totalCompressedSize;
  if (start < 4 || end > dataEnd || meta.numValues !== rows)
    throw new RangeError('column chunk out of range');
  if (plan.optional && levelBuffer.length < rows) levelBuffer = new Uint8Array(rows);
  const defs = plan.optional ? levelBuffer.subarray(0, rows) : undefined;
  const values: ChunkValues = {
    nonNull: 0,
    fixed: plan.width > 0 ? new Uint8Array(rows * plan.width) : undefined,
    bools: plan.physical === PHYSICAL.BOOLEAN ? new Uint8Array(rows) : undefined,
    // The chunk's uncompressed size bounds PLAIN values (and is a fair first guess for the rest).
    bytes:
      plan.physical === PHYSICAL.BYTE_ARRAY
        ? new ByteArrayBuilder(rows, Math.min(meta.totalUncompressedSize, 0x7fffffff))
        : undefined,
  };
  let dict: Dictionary | undefined;
  let read = 0;
  let pos = start;
  while (read < rows || pos < end) {
    const header = readPageHeader(file, pos, end);
    const bodyStart = header.dataStart;
    const bodyEnd = bodyStart + header.compressedSize;
    if (bodyEnd > end) throw new RangeError('page past the end of its column chunk');
    pos = bodyEnd;
    if (header.type === PAGE.DICTIONARY) {
      if (dict || read > 0) throw new RangeError('dictionary page out of place');
      const body = decompress(meta.codec, file.subarray(bodyStart, bodyEnd), header.uncompressedSize);
      dict = readDictionary(body, header, plan);
      continue;
    }
    const n = header.numValues;
    if (n < 0 || read + n > rows) throw new RangeError('page holds more values than its column chunk');
    let body: Uint8Array;
    let p = 0;
    let nonNull = n;
    if (header.type === PAGE.DATA) {
      body = decompress(meta.codec, file.subarray(bodyStart, bodyEnd), header.uncompressedSize);
      if (defs) {
        if (header.defEncoding !== RLE || p + 4 > body.length) throw new RangeError('unsupported levels');
        const len = new DataView(body.buffer, body.byteOffset + p, 4).getUint32(0, true);
        if (p + 4 + len > body.length) throw new RangeError('levels past the end of the page');
        nonNull = decodeLevels(body, p + 4, p + 4 + len, n, defs, read);
        p += 4 + len;
      }
    } else {
      if (defs) nonNull = decodeLevels(file, bodyStart, bodyStart + header.defLength, n, defs, read);
      body = readV2Body(file, bodyStart, bodyEnd, header, meta.codec, defs !== undefined);
    }
    if (header.type === PAGE.DATA_V2 && header.numNulls !== n - nonNull)
      throw new RangeError('num_nulls wrong');
    const before = values.nonNull;
    if (values.bytes) values.bytes.sawHighBit = header.encoding !== 0;
    decodePageValues(header.encoding, body, p, body.length, nonNull, plan, dict, values);
    // Values gathered from a dictionary were checked with it; PLAIN pages say when they saw a byte >= 0x80.
    if (plan.utf8 && values.bytes?.sawHighBit && header.encoding !== 2 && header.encoding !== 8) {
      validateUtf8(values.bytes.data, values.bytes.offsets, before, values.nonNull);
    }
    read += n;
  }
  if (read !== rows || pos !== end) throw new RangeError('column chunk does not end with its values');
  return { ...values, rows, defs };
}

/** A v2 page: levels uncompressed ahead of the (maybe compressed) values; returns the values section. */
function readV2Body(
  file: Uint8Array,
  bodyStart: number,
  bodyEnd: number,
  header: PageHeader,
  codec: number,
  optional: boolean,
): Uint8Array {
  const levels = header.defLength + header.repLength;
  if (header.repLength !== 0 || header.defLength < 0 || bodyStart + levels > bodyEnd) {
    throw new RangeError('unsupported v2 levels');
  }
  if (!optional && header.defLength !== 0) throw new RangeError('levels on a required column');
  const section = file.subarray(bodyStart + levels, bodyEnd);
  const expected = header.uncompressedSize - levels;
  if (expected < 0) throw new RangeError('v2 page sizes inconsistent');
  if (section.length === 0 && expected === 0) return section;
  if (!header.isCompressed || codec === 0) {
    if (section.length !== expected) throw new RangeError('uncompressed v2 page of the wrong size');
    return section;
  }
  return decompress(codec, section, expected);
}

function readDictionary(body: Uint8Array, header: PageHeader, plan: LeafPlan): Dictionary {
  // PLAIN_DICTIONARY (2) in a dictionary page means PLAIN.
  if (header.encoding !== 0 && header.encoding !== 2) throw new RangeError('dictionary page not PLAIN');
  const count = header.numValues;
  if (count < 0) throw new RangeError('negative dictionary size');
  if (plan.physical === PHYSICAL.BYTE_ARRAY) {
    const values = new ByteArrayBuilder(count, body.length);
    plainByteArray(body, 0, body.length, count, values);
    if (plan.utf8) validateUtf8(values.data, values.offsets, 0, count);
    return { kind: 'bytes', count, values };
  }
  if (plan.width === 0) throw new RangeError('dictionary on a boolean column');
  const values = new Uint8Array(count * plan.width);
  plainFixed(body, 0, body.length, plan.width, count, values, 0);
  return { kind: 'fixed', count, values };
}
