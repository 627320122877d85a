import { T, ThriftCompactReader } from './thrift-compact-reader.js';
import { optBool, optInt, optStruct, reqInt } from './thrift-fields.js';

/** Page types of the Parquet spec. */
export const PAGE = { DATA: 0, INDEX: 1, DICTIONARY: 2, DATA_V2: 3 } as const;

/** A page header, flattened: the fields of the data, v2 or dictionary header its type calls for. */
export interface PageHeader {
  readonly type: number;
  readonly uncompressedSize: number;
  readonly compressedSize: number;
  /** Values in the page (levels included: nulls count). */
  readonly numValues: number;
  readonly encoding: number;
  /** v1: encoding of the definition levels. */
  readonly defEncoding: number;
  /** v1: encoding of the repetition levels. */
  readonly repEncoding: number;
  /** v2: nulls in the page. */
  readonly numNulls: number;
  /** v2: byte lengths of the uncompressed levels ahead of the values. */
  readonly defLength: number;
  readonly repLength: number;
  /** v2: whether the values section is compressed (default true). */
  readonly isCompressed: boolean;
  /** Where the page's data starts, just after the header. */
  readonly dataStart: number;
}

/** Reads the page header at `pos` (the data follows it); throws on anything malformed or unknown. */
export function readPageHeader(bytes: Uint8Array, pos: number, end: number): PageHeader {
  const reader = new ThriftCompactReader(bytes, pos, end);
  const s = reader.readStruct();
  const type = reqInt(s, 1, T.I32);
  const uncompressedSize = reqInt(s, 2, T.I32);
  const compressedSize = reqInt(s, 3, T.I32);
  optInt(s, 4, T.I32);
  if (uncompressedSize < 0 || compressedSize < 0) throw new RangeError('negative page size');
  const base = { type, uncompressedSize, compressedSize, dataStart: reader.pos };
  const none = {
    defEncoding: 0,
    repEncoding: 0,
    numNulls: 0,
    defLength: 0,
    repLength: 0,
    isCompressed: true,
  };
  if (type === PAGE.DATA) {
    const h = optStruct(s, 5);
    if (!h) throw new RangeError('data page without its header');
    return {
      ...base,
      ...none,
      numValues: reqInt(h, 1, T.I32),
      encoding: reqInt(h, 2, T.I32),
      defEncoding: reqInt(h, 3, T.I32),
      repEncoding: reqInt(h, 4, T.I32),
    };
  }
  if (type === PAGE.DATA_V2) {
    const h = optStruct(s, 8);
    if (!h) throw new RangeError('data page v2 without its header');
    reqInt(h, 3, T.I32);
    return {
      ...base,
      ...none,
      numValues: reqInt(h, 1, T.I32),
      numNulls: reqInt(h, 2, T.I32),
      encoding: reqInt(h, 4, T.I32),
      defLength: reqInt(h, 5, T.I32),
      repLength: reqInt(h, 6, T.I32),
      isCompressed: optBool(h, 7) ?? true,
    };
  }
  if (type === PAGE.DICTIONARY) {
    const h = optStruct(s, 7);
    if (!h) throw new RangeError('dictionary page without its header');
    optBool(h, 3);
    return { ...base, ...none, numValues: reqInt(h, 1, T.I32), encoding: reqInt(h, 2, T.I32) };
  }
  throw new RangeError(`page type ${type} is not read by the fast path`);
}
