import {
  Binary,
  Bool,
  type DataType,
  DateDay,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  TimeMicrosecond,
  TimeMillisecond,
  TimeNanosecond,
  Timestamp,
  TimeUnit,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Utf8,
} from 'apache-arrow';
import type { SchemaElement } from './file-metadata.js';

/** Parquet physical types. */
export const PHYSICAL = {
  BOOLEAN: 0,
  INT32: 1,
  INT64: 2,
  INT96: 3,
  FLOAT: 4,
  DOUBLE: 5,
  BYTE_ARRAY: 6,
} as const;

/** ConvertedType values the mapping reads. */
const CONVERTED = {
  UTF8: 0,
  DATE: 6,
  UINT_8: 11,
  UINT_16: 12,
  UINT_32: 13,
  UINT_64: 14,
  INT_8: 15,
  INT_16: 16,
  INT_32: 17,
  INT_64: 18,
} as const;

const UNIT = { ms: TimeUnit.MILLISECOND, us: TimeUnit.MICROSECOND, ns: TimeUnit.NANOSECOND } as const;

/**
 * The Arrow type arrow-rs gives a flat leaf column (its `parquet_to_arrow_schema` without an ARROW:schema
 * hint), or `undefined` for every leaf the fast path leaves to parquet-wasm: INT96, FIXED_LEN_BYTE_ARRAY,
 * decimals, intervals, unknown or unusual annotations, and the legacy (ConvertedType-only) annotations that
 * DuckDB does not write (TIME_MILLIS, TIMESTAMP_MILLIS… alone).
 */
export function arrowTypeOf(leaf: SchemaElement): DataType | undefined {
  const logical = leaf.logicalType;
  const converted = leaf.convertedType;
  switch (leaf.type) {
    case PHYSICAL.BOOLEAN:
      return logical === undefined && converted === undefined ? new Bool() : undefined;
    case PHYSICAL.FLOAT:
      return logical === undefined && converted === undefined ? new Float32() : undefined;
    case PHYSICAL.DOUBLE:
      return logical === undefined && converted === undefined ? new Float64() : undefined;
    case PHYSICAL.INT32:
      if (logical === undefined) {
        // Legacy annotations alone, as DuckDB writes them (the differential tests cover these); others, such as
        // TIME_MILLIS alone, go to parquet-wasm.
        if (converted === undefined || converted === CONVERTED.INT_32) return new Int32();
        if (converted === CONVERTED.INT_8) return new Int8();
        if (converted === CONVERTED.INT_16) return new Int16();
        if (converted === CONVERTED.UINT_8) return new Uint8();
        if (converted === CONVERTED.UINT_16) return new Uint16();
        if (converted === CONVERTED.UINT_32) return new Uint32();
        if (converted === CONVERTED.DATE) return new DateDay();
        return undefined;
      }
      if (logical.kind === 'integer') {
        const { bitWidth: w, signed } = logical;
        if (w === 8) return signed ? new Int8() : new Uint8();
        if (w === 16) return signed ? new Int16() : new Uint16();
        if (w === 32) return signed ? new Int32() : new Uint32();
        return undefined;
      }
      if (logical.kind === 'date') return new DateDay();
      if (logical.kind === 'time' && logical.unit === 'ms') return new TimeMillisecond();
      return undefined;
    case PHYSICAL.INT64:
      if (logical === undefined) {
        if (converted === undefined || converted === CONVERTED.INT_64) return new Int64();
        return converted === CONVERTED.UINT_64 ? new Uint64() : undefined;
      }
      if (logical.kind === 'integer' && logical.bitWidth === 64)
        return logical.signed ? new Int64() : new Uint64();
      if (logical.kind === 'time' && logical.unit !== 'ms') {
        return logical.unit === 'us' ? new TimeMicrosecond() : new TimeNanosecond();
      }
      if (logical.kind === 'timestamp') return new Timestamp(UNIT[logical.unit], logical.utc ? 'UTC' : null);
      return undefined;
    case PHYSICAL.BYTE_ARRAY:
      if (logical === undefined) {
        if (converted === undefined) return new Binary();
        if (converted === CONVERTED.UTF8) return new Utf8();
        return undefined;
      }
      return logical.kind === 'string' ? new Utf8() : undefined;
    default:
      return undefined;
  }
}

/** Bytes per value of a fixed-width physical type as stored (0 for booleans and byte arrays). */
export function physicalWidth(physical: number): number {
  if (physical === PHYSICAL.INT32 || physical === PHYSICAL.FLOAT) return 4;
  if (physical === PHYSICAL.INT64 || physical === PHYSICAL.DOUBLE) return 8;
  return 0;
}
