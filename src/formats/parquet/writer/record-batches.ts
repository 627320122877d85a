import type { Table } from 'apache-arrow';

/** Rows `[start, end)` of one record batch arrow-rs is handed, and whether that batch has a null. */
export interface BatchPiece {
  readonly start: number;
  readonly end: number;
  /**
   * Whether the column has a null anywhere in the record batch this piece was cut from (a row group can
   * start or end inside a batch): arrow-rs then receives a validity buffer, which decides its mini-batches.
   */
  readonly batchHasNulls: boolean;
}

/**
 * The record batches arrow-rs is handed when the codec writes `table` through parquet-wasm, as row ranges of
 * the table: the codec's slices of `batchRows` rows, each split where one of the table's own record batches
 * starts (a slice of several batches is handed over batch by batch).
 */
export function recordBatchesOf(table: Table, batchRows: number): { start: number; end: number }[] {
  if (table.numRows === 0) return [];
  const starts = new Set<number>([0]);
  for (let row = batchRows; row < table.numRows; row += batchRows) starts.add(row);
  let row = 0;
  for (const batch of table.batches) {
    row += batch.numRows;
    if (row < table.numRows) starts.add(row);
  }
  const sorted = [...starts].sort((a, b) => a - b);
  return sorted.map((start, i) => ({ start, end: sorted[i + 1] ?? table.numRows }));
}

/**
 * Whether each batch has a null in column `index`. The Arrow IPC writer leaves out the validity buffer of a
 * batch without nulls, and arrow-rs then knows every row of it is valid. Each batch lies inside one of the
 * table's own batches (they start batches too), so one walk over the column's chunks finds it.
 */
export function batchNulls(
  table: Table,
  index: number,
  batches: readonly { start: number; end: number }[],
): boolean[] {
  const chunks = table.getChildAt(index)?.data ?? [];
  let chunk = 0;
  let base = 0;
  return batches.map(({ start, end }) => {
    while (base + chunks[chunk]!.length <= start) base += chunks[chunk++]!.length;
    const data = chunks[chunk]!;
    if (data.nullCount === 0) return false;
    if (start === base && end === base + data.length) return true;
    return data.slice(start - base, end - start).nullCount > 0;
  });
}

/** The pieces of `batches` inside rows `[from, to)`, with rows counted from `from`. */
export function piecesOf(
  batches: readonly { start: number; end: number }[],
  nulls: readonly boolean[],
  from: number,
  to: number,
): BatchPiece[] {
  const pieces: BatchPiece[] = [];
  batches.forEach(({ start, end }, i) => {
    if (end <= from || start >= to) return;
    pieces.push({
      start: Math.max(start, from) - from,
      end: Math.min(end, to) - from,
      batchHasNulls: nulls[i]!,
    });
  });
  return pieces;
}
