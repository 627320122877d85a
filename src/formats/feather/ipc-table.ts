import { Field, type RecordBatch, RecordBatchReader, Schema, Table, tableToIPC, util } from 'apache-arrow';
import { readEmptyNames, writingEmptyNames } from './ipc-field-names.js';
import { withKnownNullCounts } from './known-null-counts.js';
import { recordBatchOf } from './record-batch-of.js';

/**
 * `tableToIPC` of apache-arrow, for tables that cross a thread or go to parquet-wasm as Arrow IPC, without its
 * three losses: a field named `""` comes back as `"null"`, a `Null` column sliced from a larger one is written
 * with a null count of -1 (which arrow-rs rejects), and columns that share a name are written with a schema
 * that does not describe their data. Read the bytes back with {@link tableFromIpc}.
 *
 * ```ts
 * const bytes = tableToIpc(table); // instead of tableToIPC(table, 'stream')
 * const back = tableFromIpc(bytes); // instead of tableFromIPC(bytes); also takes an array of chunks
 * ```
 */
export function tableToIpc(table: Table, format: 'stream' | 'file' = 'stream'): Uint8Array {
  const ready = tableForIpc(table);
  return writingEmptyNames(() => tableToIPC(ready, format));
}

/**
 * `tableFromIPC` of apache-arrow for an IPC stream or file given whole or as chunks, keeping fields named `""`
 * (apache-arrow reads them as `"null"`) and columns that share a name (apache-arrow gives them all the type of
 * the last one).
 */
export function tableFromIpc(input: Uint8Array | readonly Uint8Array[]): Table {
  const reader = RecordBatchReader.from(input as Uint8Array);
  reader.open();
  if (!reader.schema) return new Table();
  readEmptyNames(reader.schema);
  const batches: RecordBatch[] = [];
  for (const batch of reader) batches.push(rebind(batch, reader.schema));
  return batches.length > 0 ? new Table(reader.schema, batches) : new Table(reader.schema);
}

/** A batch read by apache-arrow, on the schema its reader read (see {@link recordBatchOf}). */
export function rebind(batch: RecordBatch, schema: Schema): RecordBatch {
  return recordBatchOf(schema, batch.data.children, batch.numRows, batch.metadata);
}

/**
 * `table` as apache-arrow's IPC writer must be given it: every null count known (see withKnownNullCounts),
 * and, where columns share a name, a schema that describes the data and batches that keep it (see
 * recordBatchOf). The same table when nothing needs to change, which is the common case.
 */
export function tableForIpc(table: Table): Table {
  const schema = schemaOfData(table);
  const repeated = schema !== table.schema || hasRepeatedNames(schema);
  let changed = schema !== table.schema;
  const batches = table.batches.map((batch) => {
    const children = batch.data.children.map(withKnownNullCounts);
    const same = children.every((child, i) => child === batch.data.children[i]);
    if (same && (!repeated || batch.schema === schema)) return batch;
    changed = true;
    return recordBatchOf(schema, children, batch.numRows, batch.metadata);
  });
  if (!changed) return table;
  return batches.length > 0 ? new Table(schema, batches) : new Table(schema);
}

/**
 * The table's schema, with each field whose name another field shares given the type of its data: a table
 * whose batches went through apache-arrow's RecordBatch constructor has the first of two fields named `x`
 * replaced by the last (see recordBatchOf), while each column's data keeps its own type.
 */
function schemaOfData(table: Table): Schema {
  const { schema } = table;
  if (!hasRepeatedNames(schema)) return schema;
  let changed = false;
  const fields = schema.fields.map((field, i) => {
    const chunks = table.batches.map((batch) => batch.data.children[i]);
    const type = chunks[0]?.type;
    if (!type || util.compareTypes(field.type, type)) return field;
    changed = true;
    const nullable = field.nullable || chunks.some((data) => (data?.nullCount ?? 0) !== 0);
    return new Field(field.name, type, nullable, field.metadata);
  });
  return changed ? new Schema(fields, schema.metadata) : schema;
}

function hasRepeatedNames(schema: Schema): boolean {
  const names = new Set<string>();
  for (const field of schema.fields) {
    if (names.has(field.name)) return true;
    names.add(field.name);
  }
  return false;
}
