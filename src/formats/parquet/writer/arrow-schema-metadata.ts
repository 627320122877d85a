import { type Schema, Table, tableToIPC } from 'apache-arrow';
import { writingEmptyNames } from '../../feather/ipc-field-names.js';

/** Key of the Arrow schema in a Parquet file's key-value metadata (read by arrow-rs, pyarrow, DuckDB). */
export const ARROW_SCHEMA_KEY = 'ARROW:schema';

/**
 * The value arrow-rs writes under {@link ARROW_SCHEMA_KEY}: base64 of the IPC-encapsulated Schema message
 * (continuation marker 0xFFFFFFFF, the message length, the flatbuffer), so that readers get back the exact
 * Arrow types (timezones, unsigned and large types, dictionaries, field and schema metadata).
 */
export function encodeArrowSchema(schema: Schema): string {
  // A column named "" keeps its name (apache-arrow leaves it out, and then reads it back as "null").
  const stream = writingEmptyNames(() => tableToIPC(new Table(schema), 'stream'));
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  // The stream starts with the Schema message: 0xFFFFFFFF, its length, then the (padded) flatbuffer.
  const length = view.getInt32(4, true);
  return Buffer.from(stream.subarray(0, 8 + length)).toString('base64');
}
