import type { ChunkMeta } from './column-chunk.js';
import type { LeafSchema, LogicalType } from './schema.js';
import { truncateMinMax } from './statistics-truncate.js';
import { CompactWriter, TType } from './thrift-compact.js';

/** Where one structure of the page index is in the file. */
export interface IndexLocation {
  /** File offset of its first byte. */
  readonly offset: number;
  /** Its size in bytes. */
  readonly length: number;
}

/** One written column chunk: where it starts in the file, what it holds, and where its page index is. */
export interface ChunkLocation {
  readonly offset: number;
  readonly meta: ChunkMeta;
  /** Absent when arrow-rs would write none (a page of only NaN). */
  readonly columnIndex: IndexLocation | undefined;
  readonly offsetIndex: IndexLocation;
}

/** A written row group: its rows and its column chunks. */
export interface RowGroupMeta {
  readonly rows: number;
  readonly columns: readonly ChunkLocation[];
}

/** What the footer describes. */
export interface FileMeta {
  readonly leaves: readonly LeafSchema[];
  readonly rowGroups: readonly RowGroupMeta[];
  readonly rows: number;
  readonly keyValues: readonly (readonly [string, string])[];
  readonly createdBy: string;
  /** parquet.thrift `CompressionCodec`. */
  readonly codec: number;
}

const UNIT_IDS = { ms: 1, us: 2, ns: 3 } as const;

/** The Thrift compact-encoded FileMetaData, laid out field for field as arrow-rs writes it. */
export function encodeFileMetadata(file: FileMeta): Uint8Array {
  const w = new CompactWriter();
  w.i32(1, 1); // version
  w.list(2, TType.Struct, file.leaves.length + 1);
  w.beginStruct();
  w.string(4, 'arrow_schema');
  w.i32(5, file.leaves.length);
  w.endStruct();
  for (const leaf of file.leaves) writeSchemaElement(w, leaf);
  w.i64(3, file.rows);
  w.list(4, TType.Struct, file.rowGroups.length);
  for (const [ordinal, group] of file.rowGroups.entries()) writeRowGroup(w, group, file, ordinal);
  w.list(5, TType.Struct, file.keyValues.length);
  for (const [key, value] of file.keyValues) {
    w.beginStruct();
    w.string(1, key);
    w.string(2, value);
    w.endStruct();
  }
  w.string(6, file.createdBy);
  w.list(7, TType.Struct, file.leaves.length);
  for (let i = 0; i < file.leaves.length; i++) {
    w.beginStruct(); // ColumnOrder union: TYPE_ORDER
    w.beginStruct(1);
    w.endStruct();
    w.endStruct();
  }
  w.sink.byte(0);
  return w.sink.copy();
}

function writeSchemaElement(w: CompactWriter, leaf: LeafSchema): void {
  w.beginStruct();
  w.i32(1, leaf.physical);
  w.i32(3, leaf.nullable ? 1 : 0);
  w.string(4, leaf.name);
  if (leaf.converted !== undefined) w.i32(6, leaf.converted);
  if (leaf.logical) writeLogical(w, leaf.logical);
  w.endStruct();
}

function writeLogical(w: CompactWriter, logical: LogicalType): void {
  w.beginStruct(10);
  switch (logical.kind) {
    case 'string':
      w.beginStruct(1);
      w.endStruct();
      break;
    case 'date':
      w.beginStruct(6);
      w.endStruct();
      break;
    case 'integer':
      w.beginStruct(10);
      w.byte(1, logical.bitWidth);
      w.bool(2, logical.signed);
      w.endStruct();
      break;
    default:
      w.beginStruct(logical.kind === 'time' ? 7 : 8);
      w.bool(1, logical.utc);
      w.beginStruct(2);
      w.beginStruct(UNIT_IDS[logical.unit]);
      w.endStruct();
      w.endStruct();
      w.endStruct();
  }
  w.endStruct();
}

function writeRowGroup(w: CompactWriter, group: RowGroupMeta, file: FileMeta, ordinal: number): void {
  w.beginStruct();
  w.list(1, TType.Struct, group.columns.length);
  let uncompressed = 0;
  let compressed = 0;
  group.columns.forEach((chunk, i) => {
    uncompressed += chunk.meta.uncompressed;
    compressed += chunk.meta.compressed;
    writeColumnChunk(w, file.leaves[i]!, chunk, file.codec);
  });
  w.i64(2, uncompressed);
  w.i64(3, group.rows);
  const first = group.columns[0];
  if (first) w.i64(5, first.offset);
  w.i64(6, compressed);
  // An i16 in the format: left out past its range, as the field is optional.
  if (ordinal <= 0x7fff) w.i16(7, ordinal);
  w.endStruct();
}

function writeColumnChunk(w: CompactWriter, leaf: LeafSchema, chunk: ChunkLocation, codec: number): void {
  const { offset, meta } = chunk;
  w.beginStruct();
  w.i64(2, 0); // file_offset: deprecated, 0 as arrow-rs writes
  w.beginStruct(3);
  w.i32(1, leaf.physical);
  w.list(2, TType.I32, meta.encodings.length);
  for (const e of meta.encodings) w.element(e);
  w.list(3, TType.Binary, 1);
  const name = new TextEncoder().encode(leaf.name);
  w.sink.varint(name.length);
  w.sink.append(name);
  w.i32(4, codec);
  w.i64(5, meta.rows);
  w.i64(6, meta.uncompressed);
  w.i64(7, meta.compressed);
  w.i64(9, offset + meta.dataPageOffset);
  if (meta.dictionaryPageOffset !== undefined) w.i64(11, offset + meta.dictionaryPageOffset);
  writeStatistics(w, leaf, meta);
  w.list(13, TType.Struct, meta.encodingStats.length);
  for (const [type, encoding, count] of meta.encodingStats) {
    w.beginStruct();
    w.i32(1, type);
    w.i32(2, encoding);
    w.i32(3, count);
    w.endStruct();
  }
  writeSizeStatistics(w, leaf, meta);
  w.endStruct();
  w.i64(4, chunk.offsetIndex.offset);
  w.i32(5, chunk.offsetIndex.length);
  if (chunk.columnIndex) {
    w.i64(6, chunk.columnIndex.offset);
    w.i32(7, chunk.columnIndex.length);
  }
  w.endStruct();
}

function writeStatistics(w: CompactWriter, leaf: LeafSchema, meta: ChunkMeta): void {
  w.beginStruct(12);
  const minMax = meta.minMax && truncateMinMax(meta.minMax, leaf);
  // The deprecated min/max (fields 1, 2) only where their old signed order is the column's, as arrow-rs.
  const legacy = minMax && (leaf.order === 'signed' || leaf.order === 'float');
  if (legacy) {
    w.binary(1, minMax.max);
    w.binary(2, minMax.min);
  }
  w.i64(3, meta.nullCount);
  if (minMax) {
    w.binary(5, minMax.max);
    w.binary(6, minMax.min);
    w.bool(7, minMax.maxExact);
    w.bool(8, minMax.minExact);
  }
  w.endStruct();
}

function writeSizeStatistics(w: CompactWriter, leaf: LeafSchema, meta: ChunkMeta): void {
  if (!leaf.nullable && meta.byteArrayBytes === undefined) return;
  w.beginStruct(16);
  if (meta.byteArrayBytes !== undefined) w.i64(1, meta.byteArrayBytes);
  if (leaf.nullable) {
    w.list(3, TType.I64, 2);
    w.element(meta.nullCount);
    w.element(meta.rows - meta.nullCount);
  }
  w.endStruct();
}
