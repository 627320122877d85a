import { isUtf8 } from 'node:buffer';
import { type Data, type Dictionary, type Table, Type } from 'apache-arrow';
import { JS_COMPRESSIONS, type JsCompression } from './compress-page.js';
import { leafOf } from './schema.js';

/**
 * Whether the JS writer writes this table with this compression exactly as parquet-wasm would; anything it
 * is not sure of goes to parquet-wasm. It takes: flat columns of the types {@link leafOf} maps, or
 * dictionaries of them; SNAPPY, GZIP or no compression; no `PARQUET:field_id` metadata (arrow-rs writes field
 * ids from it); unique column names; no nulls in a column its field says is not nullable; and valid UTF-8
 * in every string (arrow-rs rejects the table otherwise, and its error is the one to report).
 */
export function supportsJsWriter(table: Table, compression: string): compression is JsCompression {
  if (!JS_COMPRESSIONS.has(compression)) return false;
  const names = new Set<string>();
  for (const [index, field] of table.schema.fields.entries()) {
    if (names.has(field.name)) return false;
    names.add(field.name);
    if (!leafOf(field)) return false;
    if (field.metadata.has('PARQUET:field_id')) return false;
    if (field.typeId === Type.Dictionary) {
      const values = (field.type as Dictionary).dictionary;
      if (values.typeId === Type.Dictionary) return false;
    }
    const chunks = table.getChildAt(index)?.data ?? [];
    const strings = leafOf(field)?.logical?.kind === 'string';
    if (strings && !chunks.every((data) => validUtf8(data.dictionary ? data.dictionary.data : [data]))) {
      return false;
    }
    if (!field.nullable) {
      for (const data of table.getChildAt(index)?.data ?? []) {
        if (data.nullCount > 0) return false;
        if (data.dictionary && data.dictionary.nullCount > 0) return false;
      }
    }
  }
  return true;
}

/**
 * Whether every value of these string chunks is valid UTF-8: their bytes as a whole are, and no value starts
 * inside a character (so no value cuts one in two).
 */
function validUtf8(chunks: readonly Data[]): boolean {
  for (const data of chunks) {
    const offsets = data.valueOffsets as ArrayLike<number | bigint> | undefined;
    const bytes = data.values as Uint8Array | undefined;
    if (!offsets || !bytes || data.length === 0) continue;
    const start = Number(offsets[0]);
    const end = Number(offsets[data.length]);
    if (!isUtf8(bytes.subarray(start, end))) return false;
    for (let i = 0; i < data.length; i++) {
      const at = Number(offsets[i]);
      if (at < end && (bytes[at]! & 0xc0) === 0x80) return false;
    }
  }
  return true;
}
