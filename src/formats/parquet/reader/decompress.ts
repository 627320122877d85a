import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { decompressBlock } from 'lz4js';
import { checkLz4Block } from './lz4-block-check.js';
import { snappyDecompress } from './snappy-decompress.js';

/** Parquet CompressionCodec values the fast path reads; LZO and the legacy Hadoop LZ4 go to parquet-wasm. */
export const CODEC = { UNCOMPRESSED: 0, SNAPPY: 1, GZIP: 2, BROTLI: 4, ZSTD: 6, LZ4_RAW: 7 } as const;

/** True when {@link decompress} reads the codec. */
export function isSupportedCodec(codec: number): boolean {
  return codec === 0 || codec === 1 || codec === 2 || codec === 4 || codec === 6 || codec === 7;
}

/** Output buffer of snappy and LZ4 pages, reused from page to page of one file (see {@link releasePageBuffer}). */
let pageBuffer = new Uint8Array(0);

function pageOutput(expected: number): Uint8Array {
  if (pageBuffer.length < expected) pageBuffer = new Uint8Array(Math.max(expected, pageBuffer.length * 2));
  return pageBuffer.subarray(0, expected);
}

/** Lets the reused page buffer go once a file is read, so that no memory stays held between files. */
export function releasePageBuffer(): void {
  pageBuffer = new Uint8Array(0);
}

/**
 * Decompresses one page body into exactly `expected` bytes; throws when the result has any other length.
 * The result may be the input itself (uncompressed) or a buffer the next page overwrites: callers copy out
 * what they keep and never write into it.
 */
export function decompress(codec: number, src: Uint8Array, expected: number): Uint8Array {
  let out: Uint8Array;
  switch (codec) {
    case CODEC.UNCOMPRESSED:
      out = src;
      break;
    case CODEC.SNAPPY:
      return snappyDecompress(src, expected, pageOutput(expected));
    case CODEC.GZIP:
      out = gunzipSync(src);
      break;
    case CODEC.BROTLI:
      out = brotliDecompressSync(src);
      break;
    case CODEC.ZSTD:
      out = zstdDecompress(src);
      break;
    case CODEC.LZ4_RAW: {
      checkLz4Block(src, expected);
      out = pageOutput(expected);
      if (decompressBlock(src, out, 0, src.length, 0) !== expected) throw new RangeError('lz4: bad length');
      break;
    }
    default:
      throw new RangeError(`compression codec ${codec} is not read by the fast path`);
  }
  if (out.length !== expected)
    throw new RangeError(`page decompresses to ${out.length} bytes, not ${expected}`);
  return out;
}
