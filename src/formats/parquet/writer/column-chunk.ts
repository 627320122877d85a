import { ByteSink } from './byte-sink.js';
import type { ColumnValues, PackedValues } from './column-values.js';
import { compressPage, type JsCompression } from './compress-page.js';
import { writeDeltaBinaryPacked, writeDeltaLengthByteArray } from './delta.js';
import { dictionaryEncode } from './dictionary.js';
import { Encoding, PageType, writePageHeader } from './page-header.js';
import { plainSize, writePlain } from './plain.js';
import { bitWidthOf, writeRleHybrid, writeRun } from './rle-hybrid.js';
import type { LeafSchema } from './schema.js';
import { type MinMax, mergeMinMax, minMaxOf } from './statistics.js';

/** Most rows in one data page (arrow-rs's `data_page_row_count_limit`). */
export const PAGE_ROWS = 20_000;
/** Target size of one data page before compression, in bytes (arrow-rs's `data_page_size_limit`). */
export const PAGE_BYTES = 1024 * 1024;

const FALLBACK_ENCODINGS = {
  PLAIN: Encoding.Plain,
  DELTA_BINARY_PACKED: Encoding.DeltaBinaryPacked,
  DELTA_LENGTH_BYTE_ARRAY: Encoding.DeltaLengthByteArray,
} as const;

/** How one column chunk is encoded. */
export interface ChunkPlan {
  readonly dictionary: boolean;
  /** Encoding of the non-dictionary pages. */
  readonly fallback: 'PLAIN' | 'DELTA_BINARY_PACKED' | 'DELTA_LENGTH_BYTE_ARRAY';
  readonly compression: JsCompression;
}

/** What the footer says about a column chunk; offsets are relative to the chunk's first byte. */
export interface ChunkMeta {
  readonly encodings: readonly number[];
  readonly rows: number;
  readonly uncompressed: number;
  readonly compressed: number;
  readonly dataPageOffset: number;
  readonly dictionaryPageOffset: number | undefined;
  readonly nullCount: number;
  readonly minMax: MinMax | undefined;
  /** [page type, encoding, count] of the pages written. */
  readonly encodingStats: readonly (readonly [number, number, number])[];
  /** Bytes of the byte-array values (without length prefixes), for `size_statistics`. */
  readonly byteArrayBytes: number | undefined;
}

/** Writes one column chunk: its pages, each with its header, and the metadata the footer needs. */
export function writeColumnChunk(
  column: ColumnValues,
  leaf: LeafSchema,
  plan: ChunkPlan,
): { bytes: Uint8Array; meta: ChunkMeta } {
  const { values } = column;
  const out = new ByteSink(1 << 16);
  const body = new ByteSink(1 << 16);
  const stats = new Map<string, [number, number, number]>();
  let uncompressed = 0;
  const emit = (type: number, encoding: number, count: number) => {
    const compressed = compressPage(body.view(), plan.compression);
    const start = out.length;
    writePageHeader(out, {
      type,
      uncompressed: body.length,
      compressed: compressed.length,
      values: count,
      encoding,
    });
    uncompressed += out.length - start + body.length;
    out.append(compressed);
    const key = `${type}:${encoding}`;
    const entry = stats.get(key);
    if (entry) entry[2]++;
    else stats.set(key, [type, encoding, 1]);
    body.clear();
  };

  // Row index of each value boundary is needed to cut pages: value count before each row.
  const valueAt = valueIndexer(column);
  let minMax: MinMax | undefined;
  let dictRows = 0;
  let dictionaryPageOffset: number | undefined;
  let dictPages: Uint8Array | undefined;
  let dictEncoded: ReturnType<typeof dictionaryEncode> | undefined;
  if (plan.dictionary && values.kind !== 'bool') {
    dictEncoded = dictionaryEncode(values);
    dictRows = dictEncoded.encoded === values.count ? column.rows : rowOfValue(column, dictEncoded.encoded);
    const { dictionary } = dictEncoded;
    writePlain(dictionary, 0, dictionary.count, body);
    dictionaryPageOffset = 0;
    emit(PageType.Dictionary, Encoding.Plain, dictionary.count);
    dictPages = out.copy();
    out.clear();
    minMax = minMaxOf(dictionary, 0, dictionary.count, leaf.order);
  }
  const bitWidth = dictEncoded ? bitWidthOf(dictEncoded.dictionary.count - 1) : 0;
  // Dictionary-encoded pages.
  for (let row = 0; row < dictRows; ) {
    const end = Math.min(dictRows, row + PAGE_ROWS);
    writeLevels(column, leaf, row, end, body);
    body.byte(bitWidth);
    writeRleHybrid(dictEncoded!.indices, valueAt(row), valueAt(end), bitWidth, body);
    emit(PageType.Data, Encoding.RleDictionary, end - row);
    row = end;
  }
  // Plain (or delta) pages for the rest.
  const encoding = FALLBACK_ENCODINGS[plan.fallback];
  if (dictRows < column.rows || column.rows === 0) {
    minMax = mergeMinMax(minMax, minMaxOf(values, valueAt(dictRows), values.count, leaf.order), leaf.order);
  }
  for (let row = dictRows; row < column.rows; ) {
    const end = pageEnd(column, values, row, valueAt);
    writeLevels(column, leaf, row, end, body);
    const from = valueAt(row);
    const to = valueAt(end);
    if (encoding === Encoding.Plain) writePlain(values, from, to, body);
    else if (encoding === Encoding.DeltaBinaryPacked) writeDeltaBinaryPacked(values, from, to, body);
    else writeDeltaLengthByteArray(values, from, to, body);
    emit(PageType.Data, encoding, end - row);
    row = end;
  }
  const dictLength = dictPages?.length ?? 0;
  const bytes = new Uint8Array(dictLength + out.length);
  if (dictPages) bytes.set(dictPages);
  bytes.set(out.view(), dictLength);
  const encodings = new Set<number>([Encoding.Rle]);
  for (const [, e] of stats.values()) encodings.add(e);
  const ordered = [...stats.values()].sort((a, b) => (a[0] === b[0] ? 0 : a[0] === PageType.Data ? -1 : 1));
  return {
    bytes,
    meta: {
      encodings: [...encodings].sort((a, b) => a - b),
      rows: column.rows,
      uncompressed,
      compressed: bytes.length,
      dataPageOffset: dictLength,
      dictionaryPageOffset,
      nullCount: column.nullCount,
      minMax,
      encodingStats: ordered,
      byteArrayBytes:
        values.kind === 'bytes' ? values.offsets[values.count]! - values.offsets[0]! : undefined,
    },
  };
}

/** Appends the definition levels of rows `[from, to)` of an OPTIONAL column, length-prefixed (v1 pages). */
function writeLevels(column: ColumnValues, leaf: LeafSchema, from: number, to: number, body: ByteSink): void {
  if (!leaf.nullable) return;
  const at = body.length;
  body.int32(0);
  if (column.defined) writeRleHybrid(column.defined, from, to, 1, body);
  else writeRun(1, to - from, 1, body);
  const n = body.length - at - 4;
  const b = body.bytes;
  b[at] = n;
  b[at + 1] = n >>> 8;
  b[at + 2] = n >>> 16;
  b[at + 3] = n >>> 24;
}

/** A function from row index to the number of values before it (rows and values differ by the nulls). */
function valueIndexer(column: ColumnValues): (row: number) => number {
  const { defined } = column;
  if (!defined) return (row) => row;
  const prefix = new Int32Array(column.rows + 1);
  for (let r = 0; r < column.rows; r++) prefix[r + 1] = prefix[r]! + defined[r]!;
  return (row) => prefix[row]!;
}

/** The row holding value `index` (the first row after `index` values). */
function rowOfValue(column: ColumnValues, index: number): number {
  const { defined } = column;
  if (!defined) return index;
  let seen = 0;
  for (let r = 0; r < column.rows; r++) {
    if (defined[r] && seen++ === index) return r;
  }
  return column.rows;
}

/** The end of the page starting at `row`: at most {@link PAGE_ROWS} rows and about {@link PAGE_BYTES} bytes. */
function pageEnd(
  column: ColumnValues,
  values: PackedValues,
  row: number,
  valueAt: (row: number) => number,
): number {
  let end = Math.min(column.rows, row + PAGE_ROWS);
  if (values.kind !== 'bytes') return end;
  const from = valueAt(row);
  while (end > row + 1 && plainSize(values, from, valueAt(end)) > PAGE_BYTES) {
    end = row + Math.max(1, Math.floor((end - row) / 2));
  }
  return end;
}
