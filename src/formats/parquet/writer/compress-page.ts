import { gzipSync } from 'node:zlib';
import { snappyCompressInto, snappyMaxLength } from './snappy-compress.js';

/** Compressions the JS writer does itself; the others are left to parquet-wasm. */
export type JsCompression = 'snappy' | 'gzip' | 'none';

/** parquet.thrift `CompressionCodec` of each. */
export const CODEC_IDS: Readonly<Record<JsCompression, number>> = { none: 0, snappy: 1, gzip: 2 };

/** The compressions the JS writer does itself, by name (no Arrow import: the runner's calling thread reads it). */
export const JS_COMPRESSIONS: ReadonlySet<string> = new Set(Object.keys(CODEC_IDS));

let scratch = new Uint8Array(0);

/** Compresses one page body; the result is valid until the next call. */
export function compressPage(body: Uint8Array, compression: JsCompression): Uint8Array {
  if (compression === 'none') return body;
  if (compression === 'gzip') return gzipSync(body);
  const bound = snappyMaxLength(body.length);
  if (scratch.length < bound) scratch = new Uint8Array(Math.max(bound, scratch.length * 2));
  return scratch.subarray(0, snappyCompressInto(body, scratch));
}
