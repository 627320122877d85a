import { expect } from 'vitest';
import { createParquetCodec } from '../../../src/formats/index.js';
import { loadParquetWasm } from '../../../src/formats/parquet/load-parquet-wasm.js';
import { readRowGroups } from '../../../src/formats/parquet/read-row-groups.js';
import { readParquetJs } from '../../../src/formats/parquet/reader/read-parquet-js.js';
import { tableDigest } from './table-digest.js';

const auto = createParquetCodec();
const wasmOnly = createParquetCodec({ reader: 'parquet-wasm' });

/**
 * Reads `bytes` with the TypeScript fast path and with arrow-rs (parquet-wasm, the reference) and expects
 * the same: when the fast path takes the file, its table equals arrow-rs's (schema, types, nullability,
 * metadata, every value and null); either way the codec's default reader returns what `reader:
 * 'parquet-wasm'` returns, or fails with the same error type and message. Returns whether the fast path
 * took the file.
 */
export async function expectSameAsWasm(bytes: Uint8Array, file = 'file.parquet'): Promise<boolean> {
  const js = readParquetJs(bytes);
  if (js) {
    const reference = readRowGroups(await loadParquetWasm(), bytes, file);
    expect(tableDigest(js)).toEqual(tableDigest(reference));
  }
  const [a, b] = await Promise.all([outcome(auto, bytes, file), outcome(wasmOnly, bytes, file)]);
  expect(a).toEqual(b);
  return js !== undefined;
}

async function outcome(codec: ReturnType<typeof createParquetCodec>, bytes: Uint8Array, file: string) {
  try {
    return { table: tableDigest(await codec.decode(bytes, { file })) };
  } catch (error) {
    const e = error as Error & { code?: string };
    return { error: { name: e.name, code: e.code, message: e.message } };
  }
}
