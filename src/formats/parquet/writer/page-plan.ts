import type { ColumnValues, PackedValues } from './column-values.js';
import { DICTIONARY_LIMIT, type DictionaryEncoder } from './dictionary.js';
import type { PageEstimate } from './page-estimate.js';
import type { BatchPiece } from './record-batches.js';

/** Rows at which arrow-rs closes a data page (its `data_page_row_count_limit`). */
export const PAGE_ROWS = 20_000;
/** Estimated encoded size at which arrow-rs closes a data page, in bytes (its `data_page_size_limit`). */
export const PAGE_BYTES = 1024 * 1024;
/** Rows arrow-rs writes between two checks of its page and dictionary limits (its `write_batch_size`). */
const MINI_BATCH_ROWS = 1024;

/** Where a column chunk's data pages end, and where its dictionary gave way to plain pages. */
export interface PagePlan {
  /** Rows written with the dictionary: all of them when it never overflowed, 0 without a dictionary. */
  readonly dictionaryRows: number;
  /** The row each data page ends before, in order; the last one is the chunk's row count. */
  readonly pageEnds: readonly number[];
}

/** What {@link planPages} needs to know of a column chunk. */
export interface PagePlanInput {
  readonly column: ColumnValues;
  /** Whether the column is OPTIONAL (it then has definition levels). */
  readonly nullable: boolean;
  /** Whether the Arrow column is dictionary-typed: arrow-rs does not bound its mini-batches by bytes then. */
  readonly dictionaryTyped: boolean;
  /** Number of values before each row. */
  readonly valueAt: (row: number) => number;
  /** The record batches arrow-rs is handed for the chunk, in order, covering its rows. */
  readonly batches: readonly BatchPiece[];
  /** The chunk's dictionary, when the plan asks for one; it is encoded as far as arrow-rs keeps it. */
  readonly dictionary: DictionaryEncoder | undefined;
  /** Estimated size of a page of values written without the dictionary. */
  readonly estimate: PageEstimate;
}

/**
 * Cuts a column chunk into data pages where arrow-rs 59.3 (parquet-wasm 0.8) cuts it, so that the page index
 * (one entry per page) is the one arrow-rs writes. Checked page for page against parquet-wasm's files (see
 * test/formats/parquet-js-writer-page-index.test.ts). arrow-rs gets the chunk in record batches (the codec's
 * 32,768-row slices and the table's own batches, cut at row groups) and writes each in mini-batches (see
 * chunkRows); a byte-array mini-batch is cut shorter where its values would fill a page (or what is
 * left of the dictionary's limit) on their own. After each mini-batch it closes the page when the page has
 * 20,000 rows or an estimated 1 MiB, then falls back to plain pages when the dictionary has reached 1 MiB
 * (closing the page there too).
 */
export function planPages(input: PagePlanInput): PagePlan {
  const { column, valueAt, dictionary, estimate } = input;
  const rows = column.rows;
  const pageEnds: number[] = [];
  let pageStart = 0;
  let inDictionary = dictionary !== undefined;
  let dictionaryRows = inDictionary ? rows : 0;
  const close = (end: number) => {
    pageEnds.push(end);
    pageStart = end;
  };
  const miniBatch = (end: number) => {
    if (inDictionary) dictionary!.encodeTo(valueAt(end));
    const bytes = inDictionary ? 0 : estimate(valueAt(pageStart), valueAt(end));
    if (end - pageStart >= PAGE_ROWS || bytes >= PAGE_BYTES) close(end);
    if (inDictionary && dictionary!.size >= DICTIONARY_LIMIT) {
      if (end > pageStart) close(end);
      inDictionary = false;
      dictionaryRows = end;
    }
  };
  const bounded = column.values.kind === 'bytes' && !input.dictionaryTyped;
  for (const batch of input.batches) {
    const size = chunkRows(input, batch);
    for (let from = batch.start; from < batch.end; from += size) {
      const to = Math.min(batch.end, from + size);
      const budget = inDictionary ? Math.max(0, DICTIONARY_LIMIT - dictionary!.size) : PAGE_BYTES;
      const step = bounded ? subBatchRows(column.values, valueAt, from, to, budget) : to - from;
      for (let at = from; at < to; at += step) miniBatch(Math.min(to, at + step));
    }
  }
  if (pageStart < rows) close(rows);
  return { dictionaryRows, pageEnds };
}

/**
 * Rows arrow-rs takes at a time from a record batch: a page's worth when it needs no list of definition
 * levels (the batch came without a validity buffer, or every row of it is null), else 1,024. A REQUIRED
 * column has no levels, and arrow-rs keeps to 1,024 rows there.
 */
function chunkRows(input: PagePlanInput, batch: BatchPiece): number {
  if (!input.nullable) return MINI_BATCH_ROWS;
  const { start, end } = batch;
  const allNull = input.valueAt(end) === input.valueAt(start);
  return !batch.batchHasNulls || allNull ? PAGE_ROWS : MINI_BATCH_ROWS;
}

/**
 * Rows per mini-batch within rows `[from, to)` of byte arrays: all of them when their values (bytes plus a
 * 4-byte length each) fit in `budget`; else as many values as it takes to pass it, scaled to rows by the
 * share of rows that hold a value (rounded up), as arrow-rs's byte-budget chunker does.
 */
function subBatchRows(
  values: PackedValues,
  valueAt: (row: number) => number,
  from: number,
  to: number,
  budget: number,
): number {
  if (values.kind !== 'bytes') return to - from;
  const first = valueAt(from);
  const count = valueAt(to) - first;
  const { offsets } = values;
  if (count === 0 || offsets[first + count]! - offsets[first]! + 4 * count <= budget) return to - from;
  let fit = count;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    sum += offsets[first + i + 1]! - offsets[first + i]! + 4;
    if (sum > budget) {
      fit = i + 1;
      break;
    }
  }
  if (fit >= count) return to - from;
  const rows = to - from;
  return count === rows ? fit : Math.min(rows, Math.max(1, Math.ceil((fit * rows) / count)));
}
