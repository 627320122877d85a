import type { LeafSchema } from './schema.js';
import { compareEncoded, type MinMax } from './statistics.js';
import { truncateMinMax } from './statistics-truncate.js';
import { CompactWriter, TType } from './thrift-compact.js';

/** One data page of a column chunk, as the page index describes it. */
export interface PageEntry {
  /** Where its header starts, from the chunk's first byte. */
  readonly offset: number;
  /** Header and compressed body, in bytes. */
  readonly size: number;
  /** Its first row, counted from the row group's first. */
  readonly firstRow: number;
  readonly rows: number;
  readonly nulls: number;
  /** Min and max of its values, whole; `undefined` when none counts (all null, or all NaN). */
  readonly minMax: MinMax | undefined;
  /** Bytes of its byte-array values (without length prefixes); `undefined` for other types. */
  readonly byteArrayBytes: number | undefined;
}

/** parquet.thrift `BoundaryOrder`. */
const BoundaryOrder = { Unordered: 0, Ascending: 1, Descending: 2 } as const;

/**
 * The Thrift compact-encoded ColumnIndex of a chunk's pages, field for field as arrow-rs writes it: whether
 * each page is all null, its min and max (empty for null pages; byte arrays truncated to 64 bytes as in the
 * footer's statistics), the boundary order, the null counts and, for an OPTIONAL column, the definition level
 * histogram of each page (nulls, then values). `undefined` when a page has values but no min or max (only
 * NaN): arrow-rs then writes no column index for the chunk, only its offset index.
 */
export function encodeColumnIndex(pages: readonly PageEntry[], leaf: LeafSchema): Uint8Array | undefined {
  if (pages.some((p) => p.nulls < p.rows && !p.minMax)) return undefined;
  const bounds = pages.map((p) => (p.minMax ? truncateMinMax(p.minMax, leaf) : undefined));
  const empty = new Uint8Array(0);
  const w = new CompactWriter();
  // arrow-rs types a bool list's elements with the compact code of false (2); readers take either code.
  w.list(1, TType.False, pages.length);
  for (const p of pages) w.boolElement(p.nulls === p.rows);
  w.list(2, TType.Binary, pages.length);
  for (const b of bounds) w.binaryElement(b?.min ?? empty);
  w.list(3, TType.Binary, pages.length);
  for (const b of bounds) w.binaryElement(b?.max ?? empty);
  w.i32(4, boundaryOrder(pages, leaf));
  w.list(5, TType.I64, pages.length);
  for (const p of pages) w.element(p.nulls);
  if (leaf.nullable) {
    w.list(7, TType.I64, 2 * pages.length);
    for (const p of pages) {
      w.element(p.nulls);
      w.element(p.rows - p.nulls);
    }
  }
  w.sink.byte(0);
  return w.sink.copy();
}

/**
 * Ascending when no page's min or max is below the previous page's (pages without values skipped, whole
 * values compared, so also when all are equal or there is one page), else descending when none is above, else
 * unordered: arrow-rs's rule.
 */
function boundaryOrder(pages: readonly PageEntry[], leaf: LeafSchema): number {
  let ascending = true;
  let descending = true;
  let last: MinMax | undefined;
  for (const { minMax } of pages) {
    if (!minMax) continue;
    if (last) {
      const min = compareEncoded(minMax.min, last.min, leaf.order);
      const max = compareEncoded(minMax.max, last.max, leaf.order);
      if (min < 0 || max < 0) ascending = false;
      if (min > 0 || max > 0) descending = false;
    }
    last = minMax;
  }
  return ascending
    ? BoundaryOrder.Ascending
    : descending
      ? BoundaryOrder.Descending
      : BoundaryOrder.Unordered;
}

/**
 * The Thrift compact-encoded OffsetIndex of a chunk's pages: each page's location (file offset of its header,
 * header and compressed size, first row in the row group) and, for byte arrays, its value bytes. The
 * dictionary page is not in it. `chunkOffset`: the file offset of the chunk's first byte.
 */
export function encodeOffsetIndex(pages: readonly PageEntry[], chunkOffset: number): Uint8Array {
  const w = new CompactWriter();
  w.list(1, TType.Struct, pages.length);
  for (const p of pages) {
    w.beginStruct();
    w.i64(1, chunkOffset + p.offset);
    w.i32(2, p.size);
    w.i64(3, p.firstRow);
    w.endStruct();
  }
  if (pages.length > 0 && pages[0]!.byteArrayBytes !== undefined) {
    w.list(2, TType.I64, pages.length);
    for (const p of pages) w.element(p.byteArrayBytes ?? 0);
  }
  w.sink.byte(0);
  return w.sink.copy();
}
