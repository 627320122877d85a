import {
  T,
  ThriftCompactReader,
  type ThriftStruct,
} from '../../../src/formats/parquet/reader/thrift-compact-reader.js';
import {
  optInt,
  optList,
  optStruct,
  reqInt,
  reqList,
  structs,
} from '../../../src/formats/parquet/reader/thrift-fields.js';

/** parquet.thrift `ColumnIndex`, decoded; absent optional fields are `undefined`. */
export interface ColumnIndex {
  /** Ids of the fields present, known or not, so that a field one writer adds shows. */
  readonly fieldIds: number[];
  readonly nullPages: boolean[];
  /** Hex of each page's min and max (empty for null pages). */
  readonly minValues: string[];
  readonly maxValues: string[];
  readonly boundaryOrder: number;
  readonly nullCounts: number[] | undefined;
  readonly repetitionLevelHistograms: number[] | undefined;
  readonly definitionLevelHistograms: number[] | undefined;
}

/** One `PageLocation` of an OffsetIndex. */
export interface PageLocation {
  readonly offset: number;
  readonly compressedPageSize: number;
  readonly firstRowIndex: number;
}

/** parquet.thrift `OffsetIndex`, decoded. */
export interface OffsetIndex {
  readonly fieldIds: number[];
  readonly pageLocations: PageLocation[];
  readonly unencodedByteArrayDataBytes: number[] | undefined;
}

/** One column chunk's page index: where the footer says it is, and what is there. */
export interface ChunkPageIndex {
  readonly column: string;
  /** ColumnChunk fields 4-7, `undefined` when the footer leaves them out. */
  readonly offsetIndexOffset: number | undefined;
  readonly offsetIndexLength: number | undefined;
  readonly columnIndexOffset: number | undefined;
  readonly columnIndexLength: number | undefined;
  /** Decoded at the footer's offset; each must end exactly at offset + length. */
  readonly columnIndex: ColumnIndex | undefined;
  /** The column index's bytes as they are in the file. */
  readonly columnIndexBytes: Uint8Array | undefined;
  readonly offsetIndex: OffsetIndex | undefined;
}

/** A Parquet file's footer, decoded with the reader's strict Thrift decoder. */
export function footerOf(bytes: Uint8Array): ThriftStruct {
  const n = bytes.length;
  const length = new DataView(bytes.buffer, bytes.byteOffset, n).getUint32(n - 8, true);
  return new ThriftCompactReader(bytes, n - 8 - length, n - 8).readStruct();
}

/**
 * The page index of every column chunk, per row group, read where the footer points (ColumnChunk fields 4-7),
 * each structure decoded from exactly its `offset .. offset + length` bytes: a length one byte off fails.
 */
export function readPageIndex(bytes: Uint8Array): ChunkPageIndex[][] {
  const groups = structs(reqList(footerOf(bytes), 4, T.STRUCT));
  return groups.map((group) =>
    structs(reqList(group, 1, T.STRUCT)).map((chunk) => {
      const meta = optStruct(chunk, 3) as ThriftStruct;
      const path = reqList(meta, 3, T.BINARY).map((v) => new TextDecoder().decode(v.value as Uint8Array));
      const oio = optInt(chunk, 4, T.I64);
      const oil = optInt(chunk, 5, T.I32);
      const cio = optInt(chunk, 6, T.I64);
      const cil = optInt(chunk, 7, T.I32);
      return {
        column: path.join('.'),
        offsetIndexOffset: oio,
        offsetIndexLength: oil,
        columnIndexOffset: cio,
        columnIndexLength: cil,
        columnIndex: cio === undefined ? undefined : columnIndex(exactStruct(bytes, cio, cil)),
        columnIndexBytes: cio === undefined ? undefined : bytes.subarray(cio, cio + (cil ?? 0)),
        offsetIndex: oio === undefined ? undefined : offsetIndex(exactStruct(bytes, oio, oil)),
      };
    }),
  );
}

function exactStruct(bytes: Uint8Array, offset: number, length: number | undefined): ThriftStruct {
  if (length === undefined) throw new RangeError(`page index at ${offset} without a length`);
  const reader = new ThriftCompactReader(bytes, offset, offset + length);
  const s = reader.readStruct();
  if (reader.pos !== offset + length) {
    throw new RangeError(`page index at ${offset} ends at ${reader.pos}, not at ${offset + length}`);
  }
  return s;
}

const hex = (b: unknown) => Buffer.from(b as Uint8Array).toString('hex');
const ints = (list: { value: unknown }[] | undefined) => list?.map((v) => v.value as number);

function columnIndex(s: ThriftStruct): ColumnIndex {
  return {
    fieldIds: [...s.keys()],
    nullPages: reqList(s, 1, T.FALSE).map((v) => v.value as boolean),
    minValues: reqList(s, 2, T.BINARY).map((v) => hex(v.value)),
    maxValues: reqList(s, 3, T.BINARY).map((v) => hex(v.value)),
    boundaryOrder: reqInt(s, 4, T.I32),
    nullCounts: ints(optList(s, 5, T.I64)),
    repetitionLevelHistograms: ints(optList(s, 6, T.I64)),
    definitionLevelHistograms: ints(optList(s, 7, T.I64)),
  };
}

function offsetIndex(s: ThriftStruct): OffsetIndex {
  return {
    fieldIds: [...s.keys()],
    pageLocations: structs(reqList(s, 1, T.STRUCT)).map((p) => ({
      offset: reqInt(p, 1, T.I64),
      compressedPageSize: reqInt(p, 2, T.I32),
      firstRowIndex: reqInt(p, 3, T.I64),
    })),
    unencodedByteArrayDataBytes: ints(optList(s, 2, T.I64)),
  };
}
