import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interopFolder } from './helpers/interop.js';
import { expectSameAsWasm } from './helpers/parquet-differential.js';

const good = interopFolder('parquet');
const bad = interopFolder('parquet-bad');

/**
 * The Apache Parquet test files the TypeScript reader takes; it leaves the rest to parquet-wasm: nested and
 * repeated columns, INT96, decimals, FIXED_LEN_BYTE_ARRAY (float16), the legacy Hadoop LZ4 codec, unknown
 * logical types, and the files arrow-rs refuses. Pinned: a change in either direction must be looked at.
 */
const TAKEN = [
  'binary.parquet',
  'binary_truncated_min_max.parquet',
  'byte_stream_split.zstd.parquet',
  'column_chunk_key_value_metadata.parquet',
  'data_index_bloom_encoding_stats.parquet',
  'data_index_bloom_encoding_with_length.parquet',
  'datapage_v1-corrupt-checksum.parquet',
  'datapage_v1-snappy-compressed-checksum.parquet',
  'datapage_v1-uncompressed-checksum.parquet',
  'delta_binary_packed.parquet',
  'delta_byte_array.parquet',
  'delta_encoding_optional_column.parquet',
  'delta_encoding_required_column.parquet',
  'int32_with_null_pages.parquet',
  'lz4_raw_compressed.parquet',
  'lz4_raw_compressed_larger.parquet',
  'nan_in_stats.parquet',
  'overflow_i16_page_cnt.parquet',
  'page_v2_empty_compressed.parquet',
  'plain-dict-uncompressed-checksum.parquet',
  'rle-dict-snappy-checksum.parquet',
  'rle-dict-uncompressed-corrupt-checksum.parquet',
  'single_nan.parquet',
  'sort_columns.parquet',
];

const list = (folder: { path: string; skip: string | undefined }) =>
  folder.skip
    ? []
    : readdirSync(folder.path)
        .filter((f) => f.endsWith('.parquet'))
        .sort();

describe.skipIf(good.skip)(
  'TypeScript Parquet reader against arrow-rs: the Apache Parquet test files',
  () => {
    const taken: string[] = [];

    it.each(list(good))('%s reads as arrow-rs reads it, or is left to arrow-rs', async (name) => {
      if (await expectSameAsWasm(readFileSync(join(good.path, name)), name)) taken.push(name);
    });

    it('takes the pinned files', () => {
      console.log(`TypeScript Parquet reader took ${taken.length} of ${list(good).length} interop files`);
      expect(taken.sort()).toEqual(TAKEN);
    });
  },
);

describe.skipIf(bad.skip)('TypeScript Parquet reader: malformed files keep arrow-rs errors', () => {
  it.each(list(bad))('%s fails as with parquet-wasm alone', async (name) => {
    expect(await expectSameAsWasm(readFileSync(join(bad.path, name)), name)).toBe(false);
  });
});
