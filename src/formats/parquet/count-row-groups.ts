import { T, ThriftCompactReader } from './reader/thrift-compact-reader.js';

/** What {@link readFooterCounts} finds in a footer. */
export interface FooterCounts {
  readonly rows: number;
  readonly rowGroups: number;
}

/**
 * Counts the rows and row groups of a Parquet file from its footer (the Thrift compact-encoded FileMetaData), without
 * WebAssembly: parquet-wasm 0.8 has no synchronous way to ask, its async `ParquetFile` never settles when the
 * reader panics on a malformed file, and asking `readParquet` for a row group past the last one panics too.
 * Returns `undefined` when the footer cannot be read this way; the caller then reads the file whole and lets
 * the real reader report what is wrong.
 */
export function readFooterCounts(bytes: Uint8Array): FooterCounts | undefined {
  const n = bytes.byteLength;
  if (n < 12) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, n);
  const length = view.getUint32(n - 8, true);
  if (length < 2 || length > n - 12) return undefined;
  try {
    const footer = new ThriftCompactReader(bytes, n - 8 - length, n - 8).readStruct();
    const rows = footer.get(NUM_ROWS_FIELD);
    const rowGroups = footer.get(ROW_GROUPS_FIELD);
    if (rows?.type !== T.I64 || rowGroups?.type !== T.LIST) return undefined;
    return { rows: rows.value, rowGroups: rowGroups.value.length };
  } catch {
    return undefined;
  }
}

/** The number of row groups in a Parquet file's footer; see {@link readFooterCounts}. */
export function countRowGroups(bytes: Uint8Array): number | undefined {
  return readFooterCounts(bytes)?.rowGroups;
}

/** FileMetaData field 3: `i64 num_rows`. */
const NUM_ROWS_FIELD = 3;
/** FileMetaData field 4: `list<RowGroup> row_groups`. */
const ROW_GROUPS_FIELD = 4;
