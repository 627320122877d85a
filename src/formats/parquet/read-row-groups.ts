import { type RecordBatch, Table } from 'apache-arrow';
import { FormatError } from '../../errors.js';
import { tableFromIpc } from '../feather/ipc-table.js';
import { countRowGroups } from './count-row-groups.js';
import type { ParquetWasm } from './load-parquet-wasm.js';

/** Rows per record batch read (and per IPC message copied out of WebAssembly memory). */
export const READ_BATCH_ROWS = 32768;
/**
 * Most `readParquet` calls per file: each copies the whole file into WebAssembly memory and parses its footer
 * again, so files with many small row groups are read a few row groups per call.
 */
const MAX_READS = 8;

/**
 * Reads a Parquet file into an Arrow JS table a few row groups at a time, copying each record batch out of
 * WebAssembly memory on its own. WebAssembly memory never shrinks, so its high-water mark is what a thread
 * keeps for good: this way it is the file, one row group decoded and one batch's IPC copy (22 MB on the
 * runner's 250k-row files of 3 row groups) instead of the file, all of it decoded and the IPC copy of all of
 * it (56 MB), at the same speed. Synchronous on purpose: parquet-wasm's async `ParquetFile` reader never
 * settles when it panics on a malformed file.
 */
export function readRowGroups(pw: ParquetWasm, bytes: Uint8Array, fileName?: string): Table {
  const rowGroups = countRowGroups(bytes);
  if (rowGroups === undefined || rowGroups <= 1) return readPart(pw, bytes, undefined, fileName);
  const perRead = Math.ceil(rowGroups / MAX_READS);
  const batches: RecordBatch[] = [];
  let table: Table | undefined;
  for (let first = 0; first < rowGroups; first += perRead) {
    const indexes = Array.from({ length: Math.min(perRead, rowGroups - first) }, (_, k) => first + k);
    table = readPart(pw, bytes, indexes, fileName);
    batches.push(...table.batches);
  }
  return batches.length > 0 ? new Table(batches) : (table as Table);
}

/** Reads the given row groups (all when undefined), one IPC copy per batch; the schema alone when no rows. */
function readPart(
  pw: ParquetWasm,
  bytes: Uint8Array,
  rowGroups: number[] | undefined,
  fileName?: string,
): Table {
  const part = pw.readParquet(
    bytes,
    rowGroups ? { rowGroups, batchSize: READ_BATCH_ROWS } : { batchSize: READ_BATCH_ROWS },
  );
  try {
    if (part.numBatches === 0) return toArrowJs(part.schema.intoIPCStream(), fileName);
    const batches: RecordBatch[] = [];
    for (let j = 0; j < part.numBatches; j++) {
      const batch = part.recordBatch(j);
      if (batch) batches.push(...toArrowJs(batch.intoIPCStream(), fileName).batches);
    }
    return new Table(batches);
  } finally {
    part.free();
  }
}

/** An IPC stream copied out of WebAssembly as an Arrow JS table (zero-copy views on the copy). */
function toArrowJs(ipc: Uint8Array, file: string | undefined): Table {
  try {
    // Not tableFromIPC: apache-arrow's batches give columns that share a name the type of the last of them.
    return tableFromIpc(ipc);
  } catch (error) {
    throw new FormatError(
      'parquet',
      `the file holds a type apache-arrow cannot carry: ${error instanceof Error ? error.message : String(error)}`,
      { file },
      { cause: error },
    );
  }
}
