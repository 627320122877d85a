import { ByteSink } from './byte-sink.js';
import type { ColumnValues } from './column-values.js';
import { compressPage, type JsCompression } from './compress-page.js';
import { writeDeltaBinaryPacked, writeDeltaLengthByteArray } from './delta.js';
import { createDictionaryEncoder, type DictionaryEncoded } from './dictionary.js';
import { pageEstimate } from './page-estimate.js';
import { Encoding, PageType, writePageHeader } from './page-header.js';
import type { PageEntry } from './page-index.js';
import { PageMinMax } from './page-min-max.js';
import { planPages } from './page-plan.js';
import { writePlain } from './plain.js';
import type { BatchPiece } from './record-batches.js';
import { bitWidthOf, writeRleHybrid, writeRun } from './rle-hybrid.js';
import type { LeafSchema } from './schema.js';
import { type MinMax, mergeMinMax, minMaxOf } from './statistics.js';

const FALLBACK_ENCODINGS = {
  PLAIN: Encoding.Plain,
  DELTA_BINARY_PACKED: Encoding.DeltaBinaryPacked,
  DELTA_LENGTH_BYTE_ARRAY: Encoding.DeltaLengthByteArray,
} as const;

/** How one column chunk is encoded. */
export interface ChunkPlan {
  /** Whether the chunk starts with a dictionary (never for booleans). */
  readonly dictionary: boolean;
  /** Encoding of the non-dictionary pages. */
  readonly fallback: 'PLAIN' | 'DELTA_BINARY_PACKED' | 'DELTA_LENGTH_BYTE_ARRAY';
  /** Compression of every page. */
  readonly compression: JsCompression;
}

/** What the footer and the page index say about a column chunk; offsets are relative to its first byte. */
export interface ChunkMeta {
  readonly encodings: readonly number[];
  readonly rows: number;
  readonly uncompressed: number;
  readonly compressed: number;
  readonly dataPageOffset: number;
  readonly dictionaryPageOffset: number | undefined;
  readonly nullCount: number;
  /** Min and max of the whole chunk, not yet truncated. */
  readonly minMax: MinMax | undefined;
  /** [page type, encoding, count] of the pages written. */
  readonly encodingStats: readonly (readonly [number, number, number])[];
  /** Bytes of the byte-array values (without length prefixes), for `size_statistics`. */
  readonly byteArrayBytes: number | undefined;
  /** The data pages, in order, for the page index. */
  readonly pages: readonly PageEntry[];
}

/**
 * Writes one column chunk: a dictionary page when the plan asks for one, then its data pages, each with its
 * header, cut where arrow-rs cuts them (see page-plan.ts); returns the bytes and what the footer and the page
 * index need. `batches`: the record batches arrow-rs is handed for the chunk (see record-batches.ts).
 */
export function writeColumnChunk(
  column: ColumnValues,
  leaf: LeafSchema,
  plan: ChunkPlan,
  batches: readonly BatchPiece[],
): { bytes: Uint8Array; meta: ChunkMeta } {
  const { values } = column;
  const out = new ByteSink(1 << 16);
  const body = new ByteSink(1 << 16);
  const stats = new Map<string, [number, number, number]>();
  const pages: PageEntry[] = [];
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
    return { offset: start, size: out.length - start };
  };

  const valueAt = valueIndexer(column);
  const dictionary = plan.dictionary && values.kind !== 'bool' ? createDictionaryEncoder(values) : undefined;
  const { dictionaryRows, pageEnds } = planPages({
    column,
    nullable: leaf.nullable,
    dictionaryTyped: leaf.dictionaryTyped,
    valueAt,
    batches,
    dictionary,
    estimate: pageEstimate(values, plan.fallback),
  });
  let minMax: MinMax | undefined;
  let encoded: DictionaryEncoded | undefined;
  let dictionaryPageOffset: number | undefined;
  if (dictionary) {
    encoded = dictionary.result();
    const entries = encoded.dictionary;
    writePlain(entries, 0, entries.count, body);
    dictionaryPageOffset = 0;
    emit(PageType.Dictionary, Encoding.Plain, entries.count);
    minMax = minMaxOf(entries, 0, entries.count, leaf.order);
  }
  const dataPageOffset = out.length;
  const bitWidth = encoded ? bitWidthOf(encoded.dictionary.count - 1) : 0;
  const fallback = FALLBACK_ENCODINGS[plan.fallback];
  const pageMinMax = new PageMinMax(values, leaf.order);
  let row = 0;
  for (const end of pageEnds) {
    writeLevels(column, leaf, row, end, body);
    const from = valueAt(row);
    const to = valueAt(end);
    let page: MinMax | undefined;
    let encoding: number;
    if (encoded && end <= dictionaryRows) {
      body.byte(bitWidth);
      writeRleHybrid(encoded.indices, from, to, bitWidth, body);
      encoding = Encoding.RleDictionary;
      page = pageMinMax.dictionary(encoded.dictionary, encoded.indices, from, to);
    } else {
      if (fallback === Encoding.Plain) writePlain(values, from, to, body);
      else if (fallback === Encoding.DeltaBinaryPacked) writeDeltaBinaryPacked(values, from, to, body);
      else writeDeltaLengthByteArray(values, from, to, body);
      encoding = fallback;
      page = pageMinMax.plain(from, to);
      minMax = mergeMinMax(minMax, page, leaf.order);
    }
    const { offset, size } = emit(PageType.Data, encoding, end - row);
    pages.push({
      offset,
      size,
      firstRow: row,
      rows: end - row,
      nulls: end - row - (to - from),
      minMax: page,
      byteArrayBytes: values.kind === 'bytes' ? values.offsets[to]! - values.offsets[from]! : undefined,
    });
    row = end;
  }
  const encodings = new Set<number>([Encoding.Rle]);
  for (const [, e] of stats.values()) encodings.add(e);
  const ordered = [...stats.values()].sort((a, b) => (a[0] === b[0] ? 0 : a[0] === PageType.Data ? -1 : 1));
  return {
    bytes: out.copy(),
    meta: {
      encodings: [...encodings].sort((a, b) => a - b),
      rows: column.rows,
      uncompressed,
      compressed: out.length,
      dataPageOffset,
      dictionaryPageOffset,
      nullCount: column.nullCount,
      minMax,
      encodingStats: ordered,
      byteArrayBytes:
        values.kind === 'bytes' ? values.offsets[values.count]! - values.offsets[0]! : undefined,
      pages,
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
