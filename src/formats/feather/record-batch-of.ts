import { type Data, makeData, RecordBatch, type Schema, Struct, Table } from 'apache-arrow';

/**
 * A record batch of `schema` over `children` (each `length` long) that keeps `schema` as given. apache-arrow's
 * constructor passes the schema through `Schema.assign`, which merges fields by name: with two columns named
 * `x`, the first field becomes the last `x` (its type, over the first column's data), so that a `Table` of
 * such batches is refused, or written with a schema that does not describe its data. pyarrow and arrow-rs
 * allow repeated names, and Parquet and Arrow IPC carry them.
 */
export function recordBatchOf(
  schema: Schema,
  children: readonly Data[],
  length: number,
  metadata?: ReadonlyMap<string, string>,
): RecordBatch {
  const data = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children: [...children] });
  const batch = new RecordBatch(schema, data, new Map(metadata ?? []));
  Object.assign(batch, { schema, data });
  return batch;
}

/**
 * Rows `[begin, end)` of `table`, as `Table.slice` gives them but with batches from {@link recordBatchOf}:
 * `Table.slice` rebuilds each batch through apache-arrow's constructor, and then throws ("schemas must be
 * equivalent") on a table whose columns repeat a name with different types.
 */
export function sliceTable(table: Table, begin: number, end: number): Table {
  const batches: RecordBatch[] = [];
  let start = 0;
  for (const batch of table.batches) {
    const from = Math.max(begin - start, 0);
    const to = Math.min(end - start, batch.numRows);
    if (to > from) {
      const data = from === 0 && to === batch.numRows ? batch.data : batch.data.slice(from, to - from);
      batches.push(recordBatchOf(table.schema, data.children, to - from, batch.metadata));
    }
    start += batch.numRows;
    if (start >= end) break;
  }
  return batches.length > 0 ? new Table(table.schema, batches) : new Table(table.schema);
}
