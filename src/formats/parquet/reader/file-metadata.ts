import { T, ThriftCompactReader, type ThriftStruct } from './thrift-compact-reader.js';
import {
  optBinary,
  optBool,
  optInt,
  optList,
  optString,
  optStruct,
  reqInt,
  reqList,
  structs,
} from './thrift-fields.js';

/** The logical type annotation of a leaf, reduced to what the fast path maps; `other` for the rest. */
export type LogicalType =
  | { readonly kind: 'string' }
  | { readonly kind: 'date' }
  | { readonly kind: 'integer'; readonly bitWidth: number; readonly signed: boolean }
  | { readonly kind: 'time' | 'timestamp'; readonly utc: boolean; readonly unit: 'ms' | 'us' | 'ns' }
  | { readonly kind: 'other'; readonly id: number };

/** One SchemaElement of the footer. */
export interface SchemaElement {
  readonly name: string;
  readonly type: number | undefined;
  readonly typeLength: number | undefined;
  readonly repetition: number | undefined;
  readonly numChildren: number | undefined;
  readonly convertedType: number | undefined;
  readonly fieldId: number | undefined;
  readonly logicalType: LogicalType | undefined;
}

/** The ColumnMetaData of one column chunk. */
export interface ColumnMetaData {
  readonly type: number;
  readonly encodings: readonly number[];
  readonly path: readonly string[];
  readonly codec: number;
  readonly numValues: number;
  readonly totalCompressedSize: number;
  readonly totalUncompressedSize: number;
  readonly dataPageOffset: number;
  readonly dictionaryPageOffset: number | undefined;
  readonly indexPageOffset: number | undefined;
}

/** One row group: its row count and column chunks. */
export interface RowGroup {
  readonly numRows: number;
  readonly columns: readonly ColumnMetaData[];
}

/** What the fast path needs of FileMetaData, and the flags that send a file to parquet-wasm. */
export interface FileMetaData {
  readonly numRows: number;
  readonly schema: readonly SchemaElement[];
  readonly rowGroups: readonly RowGroup[];
  readonly keyValue: ReadonlyMap<string, string | undefined>;
  /** True when the footer has something the fast path does not read (encryption, unknown column orders…). */
  readonly unsupported: boolean;
}

/** Parses the footer of a Parquet file (after the PAR1 checks); throws on anything malformed. */
export function readFileMetaData(bytes: Uint8Array): FileMetaData {
  const n = bytes.byteLength;
  const length = new DataView(bytes.buffer, bytes.byteOffset, n).getUint32(n - 8, true);
  if (length < 2 || length > n - 12) throw new RangeError('footer length out of range');
  const reader = new ThriftCompactReader(bytes, n - 8 - length, n - 8);
  const s = reader.readStruct();
  reqInt(s, 1, T.I32);
  let unsupported = s.has(8) || s.has(9);
  const orders = optList(s, 7, T.STRUCT);
  for (const order of orders ? structs(orders) : []) {
    // TypeDefinedOrder (an empty struct in field 1) only orders statistics: nothing to read differently.
    const typeOrder = optStruct(order, 1);
    if (order.size !== 1 || !typeOrder || typeOrder.size !== 0) unsupported = true;
  }
  const keyValue = new Map<string, string | undefined>();
  for (const kv of structs(optList(s, 5, T.STRUCT) ?? [])) {
    const key = optString(kv, 1);
    if (key === undefined) throw new RangeError('KeyValue without a key');
    keyValue.set(key, optString(kv, 2));
  }
  optString(s, 6);
  return {
    numRows: reqInt(s, 3, T.I64),
    schema: structs(reqList(s, 2, T.STRUCT)).map(schemaElement),
    rowGroups: structs(reqList(s, 4, T.STRUCT)).map((g) => rowGroup(g, () => (unsupported = true))),
    keyValue,
    get unsupported() {
      return unsupported;
    },
  };
}

function schemaElement(s: ThriftStruct): SchemaElement {
  const name = optString(s, 4);
  if (name === undefined) throw new RangeError('SchemaElement without a name');
  optInt(s, 7, T.I32);
  optInt(s, 8, T.I32);
  const logical = optStruct(s, 10);
  return {
    name,
    type: optInt(s, 1, T.I32),
    typeLength: optInt(s, 2, T.I32),
    repetition: optInt(s, 3, T.I32),
    numChildren: optInt(s, 5, T.I32),
    convertedType: optInt(s, 6, T.I32),
    fieldId: optInt(s, 9, T.I32),
    logicalType: logical === undefined ? undefined : logicalType(logical),
  };
}

function logicalType(s: ThriftStruct): LogicalType {
  if (s.size !== 1) throw new RangeError('LogicalType union with other than one member');
  const [id] = s.keys() as IterableIterator<number>;
  if (id === 1) return { kind: 'string' };
  if (id === 6) return { kind: 'date' };
  if (id === 10) {
    const t = optStruct(s, 10) as ThriftStruct;
    const bitWidth = reqInt(t, 1, T.BYTE);
    const signed = optBool(t, 2);
    if (signed === undefined) throw new RangeError('IntType without isSigned');
    return { kind: 'integer', bitWidth, signed };
  }
  if (id === 7 || id === 8) {
    const t = optStruct(s, id) as ThriftStruct;
    const utc = optBool(t, 1);
    const unitUnion = optStruct(t, 2);
    if (utc === undefined || !unitUnion || unitUnion.size !== 1) throw new RangeError('bad time type');
    const unit = unitUnion.has(1) ? 'ms' : unitUnion.has(2) ? 'us' : unitUnion.has(3) ? 'ns' : undefined;
    if (!unit) return { kind: 'other', id };
    return { kind: id === 7 ? 'time' : 'timestamp', utc, unit };
  }
  return { kind: 'other', id: id ?? 0 };
}

function rowGroup(s: ThriftStruct, flag: () => void): RowGroup {
  reqInt(s, 2, T.I64);
  // Fields the fast path does not use, type-checked as arrow-rs's footer decoder checks them.
  for (const sorting of structs(optList(s, 4, T.STRUCT) ?? [])) {
    reqInt(sorting, 1, T.I32);
    optBool(sorting, 2);
    optBool(sorting, 3);
  }
  optInt(s, 5, T.I64);
  optInt(s, 6, T.I64);
  optInt(s, 7, T.I16); // ordinal
  const columns = structs(reqList(s, 1, T.STRUCT)).map((chunk) => {
    // A chunk in another file, or encrypted, is not read here.
    if (chunk.has(1) || chunk.has(8) || chunk.has(9)) flag();
    optBinary(chunk, 1);
    reqInt(chunk, 2, T.I64);
    optInt(chunk, 4, T.I64);
    optInt(chunk, 5, T.I32);
    optInt(chunk, 6, T.I64);
    optInt(chunk, 7, T.I32);
    const meta = optStruct(chunk, 3);
    if (!meta) throw new RangeError('ColumnChunk without meta_data');
    return columnMetaData(meta);
  });
  return { numRows: reqInt(s, 3, T.I64), columns };
}

function columnMetaData(s: ThriftStruct): ColumnMetaData {
  checkUnusedColumnFields(s);
  return {
    totalUncompressedSize: reqInt(s, 6, T.I64),
    type: reqInt(s, 1, T.I32),
    encodings: reqList(s, 2, T.I32).map((v) => v.value as number),
    path: reqList(s, 3, T.BINARY).map((v) => new TextDecoder().decode(v.value as Uint8Array)),
    codec: reqInt(s, 4, T.I32),
    numValues: reqInt(s, 5, T.I64),
    totalCompressedSize: reqInt(s, 7, T.I64),
    dataPageOffset: reqInt(s, 9, T.I64),
    indexPageOffset: optInt(s, 10, T.I64),
    dictionaryPageOffset: optInt(s, 11, T.I64),
  };
}

/** Type-checks the ColumnMetaData fields the fast path does not use: statistics, encoding stats, bloom filter, size statistics. */
function checkUnusedColumnFields(s: ThriftStruct): void {
  const stats = optStruct(s, 12);
  if (stats) {
    for (const id of [1, 2, 5, 6]) optBinary(stats, id);
    optInt(stats, 3, T.I64);
    optInt(stats, 4, T.I64);
    optBool(stats, 7);
    optBool(stats, 8);
  }
  for (const e of structs(optList(s, 13, T.STRUCT) ?? [])) {
    for (const id of [1, 2, 3]) reqInt(e, id, T.I32);
  }
  optInt(s, 14, T.I64);
  optInt(s, 15, T.I32);
  const sizes = optStruct(s, 16);
  if (sizes) {
    optInt(sizes, 1, T.I64);
    optList(sizes, 2, T.I64);
    optList(sizes, 3, T.I64);
  }
}
