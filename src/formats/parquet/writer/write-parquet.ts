import type { Table } from 'apache-arrow';
import { throwIfAborted } from '../../read-input.js';
import type { ColumnPlan } from '../column-plan.js';
import { ARROW_SCHEMA_KEY, encodeArrowSchema } from './arrow-schema-metadata.js';
import { type ChunkMeta, type ChunkPlan, writeColumnChunk } from './column-chunk.js';
import { gatherColumn } from './column-values.js';
import { CODEC_IDS, type JsCompression } from './compress-page.js';
import { encodeFileMetadata, type IndexLocation, type RowGroupMeta } from './file-metadata.js';
import { encodeColumnIndex, encodeOffsetIndex } from './page-index.js';
import { batchNulls, piecesOf, recordBatchesOf } from './record-batches.js';
import { type LeafSchema, leafOf } from './schema.js';

/** Options of {@link writeParquetJs}. */
export interface JsWriterOptions {
  /** Compression of every page. */
  readonly compression: JsCompression;
  /** Most rows in one row group. */
  readonly rowGroupSize: number;
  /** The plan of each top-level column, from `planColumns` (as the parquet-wasm path uses it). */
  readonly columns: readonly ColumnPlan[];
  /** Whether the plan's delta encodings apply (`deltaEncodings` of the codec). */
  readonly deltaEncodings: boolean;
  /** Written as the footer's `created_by`. */
  readonly createdBy: string;
  /**
   * Rows per record batch that the parquet-wasm path hands arrow-rs (`WRITE_BATCH_ROWS` of write-batches.ts).
   * arrow-rs cuts pages where its batches start (see page-plan.ts), so the pages, and the page index, are
   * arrow-rs's only when this is the size it was given; the table's own record batches count as well.
   */
  readonly batchRows: number;
  /** Checked between column chunks: an `AbortError` is thrown once it is aborted. */
  readonly signal?: AbortSignal | undefined;
}

const MAGIC = Uint8Array.of(0x50, 0x41, 0x52, 0x31);

/**
 * Writes a table as a Parquet file in plain TypeScript, the file arrow-rs would write for it (see
 * ../../../docs/performance.md): data pages v1 cut where arrow-rs cuts them, a dictionary page and
 * RLE_DICTIONARY pages where the column plan says dictionary (plain pages for the rest of the chunk once the
 * dictionary reaches 1 MiB), statistics, the page index (a ColumnIndex and an OffsetIndex per column chunk,
 * which readers such as DataFusion, Spark and Trino use to skip pages), and the Arrow schema in the metadata.
 * Only for tables {@link supportsJsWriter} accepts. Returns the file's parts in order.
 */
export function writeParquetJs(table: Table, options: JsWriterOptions): Uint8Array[] {
  const fields = table.schema.fields;
  const leaves = fields.map((field) => {
    const leaf = leafOf(field);
    if (!leaf)
      throw new TypeError(`column ${field.name}: type ${field.type} is not written by the JS writer`);
    return leaf;
  });
  const plans = leaves.map((leaf, i) => chunkPlan(leaf, options.columns[i], options));
  const parts: Uint8Array[] = [MAGIC];
  let offset = MAGIC.length;
  const groups: { rows: number; chunks: { offset: number; meta: ChunkMeta }[] }[] = [];
  const columns = fields.map((_, i) => table.getChildAt(i)?.data ?? []);
  const batches = recordBatchesOf(table, options.batchRows);
  const nulls = leaves.map((leaf, i) =>
    leaf.nullable ? batchNulls(table, i, batches) : batches.map(() => false),
  );
  for (let from = 0; from < table.numRows; from += options.rowGroupSize) {
    const to = Math.min(table.numRows, from + options.rowGroupSize);
    const chunks: { offset: number; meta: ChunkMeta }[] = [];
    leaves.forEach((leaf, i) => {
      throwIfAborted(options.signal);
      const column = gatherColumn(columns[i]!, from, to, leaf);
      const pieces = piecesOf(batches, nulls[i]!, from, to);
      const { bytes, meta } = writeColumnChunk(column, leaf, plans[i]!, pieces);
      chunks.push({ offset, meta });
      parts.push(bytes);
      offset += bytes.length;
    });
    groups.push({ rows: to - from, chunks });
  }
  // The page index sits between the last row group and the footer, as arrow-rs lays it out: every chunk's
  // column index (row group after row group), then every chunk's offset index.
  const place = (bytes: Uint8Array): IndexLocation => {
    parts.push(bytes);
    offset += bytes.length;
    return { offset: offset - bytes.length, length: bytes.length };
  };
  const columnIndexes = groups.map((g) =>
    g.chunks.map(({ meta }, i) => {
      const bytes = encodeColumnIndex(meta.pages, leaves[i]!);
      return bytes && place(bytes);
    }),
  );
  const rowGroups: RowGroupMeta[] = groups.map((g, r) => ({
    rows: g.rows,
    columns: g.chunks.map((chunk, i) => ({
      ...chunk,
      columnIndex: columnIndexes[r]![i],
      offsetIndex: place(encodeOffsetIndex(chunk.meta.pages, chunk.offset)),
    })),
  }));
  const footer = encodeFileMetadata({
    leaves,
    rowGroups,
    rows: table.numRows,
    keyValues: [[ARROW_SCHEMA_KEY, encodeArrowSchema(table.schema)]],
    createdBy: options.createdBy,
    codec: CODEC_IDS[options.compression],
  });
  const tail = new Uint8Array(8);
  new DataView(tail.buffer).setUint32(0, footer.length, true);
  tail.set(MAGIC, 4);
  parts.push(footer, tail);
  return parts;
}

function chunkPlan(leaf: LeafSchema, plan: ColumnPlan | undefined, options: JsWriterOptions): ChunkPlan {
  const delta = options.deltaEncodings ? plan?.encoding : undefined;
  return {
    dictionary: (plan?.dictionary ?? false) && leaf.physical !== 0,
    fallback: delta ?? 'PLAIN',
    compression: options.compression,
  };
}
