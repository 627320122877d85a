import {
  type DataType,
  type Dictionary,
  type Field,
  type Int,
  type Time,
  type Timestamp,
  TimeUnit,
  Type,
} from 'apache-arrow';

/** Parquet physical types (parquet.thrift `Type`) the JS writer writes. */
export const Physical = { Boolean: 0, Int32: 1, Int64: 2, Float: 4, Double: 5, ByteArray: 6 } as const;
export type Physical = (typeof Physical)[keyof typeof Physical];

/** How values of a leaf compare in statistics (parquet.thrift `ColumnOrder`, TypeDefinedOrder). */
export type SortOrder = 'signed' | 'unsigned' | 'float' | 'bytes' | 'bool';

/** How the writer reads an Arrow chunk's values: as they are, or widened from 8/16 bits to INT32. */
export type ValueSource = 'raw' | 'int8' | 'int16' | 'uint8' | 'uint16';

/** A Parquet LogicalType union member, as arrow-rs writes it for the Arrow types the JS writer supports. */
export type LogicalType =
  | { readonly kind: 'string' }
  | { readonly kind: 'date' }
  | { readonly kind: 'integer'; readonly bitWidth: number; readonly signed: boolean }
  | { readonly kind: 'time' | 'timestamp'; readonly utc: boolean; readonly unit: 'ms' | 'us' | 'ns' };

/** How one flat Arrow column is written. */
export interface LeafSchema {
  readonly name: string;
  readonly nullable: boolean;
  readonly physical: Physical;
  /** Bytes per value of fixed-width physical types (4 or 8); 0 for booleans and byte arrays. */
  readonly width: 0 | 4 | 8;
  readonly source: ValueSource;
  readonly order: SortOrder;
  /** parquet.thrift `ConvertedType`, when arrow-rs writes one. */
  readonly converted?: number;
  readonly logical?: LogicalType;
  /** Whether the Arrow column is dictionary-typed (its values are written). */
  readonly dictionaryTyped: boolean;
}

const UTF8 = 0;
const DATE = 6;
const TIME_MILLIS = 7;
const TIME_MICROS = 8;
const TIMESTAMP_MILLIS = 9;
const TIMESTAMP_MICROS = 10;
const UINT = { 8: 11, 16: 12, 32: 13, 64: 14 } as Record<number, number>;
const INT = { 8: 15, 16: 16 } as Record<number, number>;

type Mapped = Omit<LeafSchema, 'name' | 'nullable' | 'dictionaryTyped'>;

/**
 * The Parquet leaf of a flat Arrow field, as arrow-rs maps it (checked against parquet-wasm 0.8's output:
 * .tmp/s6/types.mts), or `undefined` for a type the JS writer leaves to parquet-wasm. Timestamps in seconds and
 * Time32 in seconds are plain INT64/INT32 without annotation there (the Arrow schema in the metadata gives
 * them back their type); nanosecond times and timestamps have a logical type but no converted type.
 */
export function leafOf(field: Field): LeafSchema | undefined {
  const dictionaryTyped = field.typeId === Type.Dictionary;
  const type: DataType = dictionaryTyped ? (field.type as Dictionary).dictionary : field.type;
  const mapped = mapType(type);
  if (!mapped) return undefined;
  return { name: field.name, nullable: field.nullable, dictionaryTyped, ...mapped };
}

function mapType(type: DataType): Mapped | undefined {
  switch (type.typeId) {
    case Type.Bool:
      return { physical: Physical.Boolean, width: 0, source: 'raw', order: 'bool' };
    case Type.Int:
      return mapInt(type as Int);
    case Type.Float: {
      const precision = (type as unknown as { precision: number }).precision;
      if (precision === 1) return { physical: Physical.Float, width: 4, source: 'raw', order: 'float' };
      if (precision === 2) return { physical: Physical.Double, width: 8, source: 'raw', order: 'float' };
      return undefined; // float16
    }
    case Type.Utf8:
    case Type.LargeUtf8:
      return {
        physical: Physical.ByteArray,
        width: 0,
        source: 'raw',
        order: 'bytes',
        converted: UTF8,
        logical: { kind: 'string' },
      };
    case Type.Binary:
    case Type.LargeBinary:
      return { physical: Physical.ByteArray, width: 0, source: 'raw', order: 'bytes' };
    case Type.Date:
      // Date64 (milliseconds) is converted by arrow-rs; left to it.
      if ((type as unknown as { unit: number }).unit !== 0) return undefined;
      return int32({ converted: DATE, logical: { kind: 'date' } });
    case Type.Time:
      return mapTime(type as Time);
    case Type.Timestamp:
      return mapTimestamp(type as Timestamp);
    default:
      return undefined;
  }
}

function int32(extra: Partial<Mapped> = {}): Mapped {
  return { physical: Physical.Int32, width: 4, source: 'raw', order: 'signed', ...extra };
}

function int64(extra: Partial<Mapped> = {}): Mapped {
  return { physical: Physical.Int64, width: 8, source: 'raw', order: 'signed', ...extra };
}

function mapInt(type: Int): Mapped | undefined {
  const { bitWidth, isSigned } = type;
  const logical: LogicalType = { kind: 'integer', bitWidth, signed: isSigned };
  if (isSigned) {
    if (bitWidth === 8) return int32({ source: 'int8', converted: INT[8]!, logical });
    if (bitWidth === 16) return int32({ source: 'int16', converted: INT[16]!, logical });
    if (bitWidth === 32) return int32();
    if (bitWidth === 64) return int64();
    return undefined;
  }
  const unsigned = { order: 'unsigned' as const, converted: UINT[bitWidth]!, logical };
  if (bitWidth === 8) return int32({ ...unsigned, source: 'uint8' });
  if (bitWidth === 16) return int32({ ...unsigned, source: 'uint16' });
  if (bitWidth === 32) return int32(unsigned);
  if (bitWidth === 64) return int64(unsigned);
  return undefined;
}

function mapTime(type: Time): Mapped | undefined {
  switch (type.unit) {
    case TimeUnit.SECOND:
      return type.bitWidth === 32 ? int32() : undefined;
    case TimeUnit.MILLISECOND:
      return type.bitWidth === 32
        ? int32({ converted: TIME_MILLIS, logical: { kind: 'time', utc: false, unit: 'ms' } })
        : undefined;
    case TimeUnit.MICROSECOND:
      return type.bitWidth === 64
        ? int64({ converted: TIME_MICROS, logical: { kind: 'time', utc: false, unit: 'us' } })
        : undefined;
    case TimeUnit.NANOSECOND:
      return type.bitWidth === 64 ? int64({ logical: { kind: 'time', utc: false, unit: 'ns' } }) : undefined;
    default:
      return undefined;
  }
}

function mapTimestamp(type: Timestamp): Mapped | undefined {
  const utc = Boolean(type.timezone);
  switch (type.unit) {
    case TimeUnit.SECOND:
      return int64();
    case TimeUnit.MILLISECOND:
      return int64({ converted: TIMESTAMP_MILLIS, logical: { kind: 'timestamp', utc, unit: 'ms' } });
    case TimeUnit.MICROSECOND:
      return int64({ converted: TIMESTAMP_MICROS, logical: { kind: 'timestamp', utc, unit: 'us' } });
    case TimeUnit.NANOSECOND:
      return int64({ logical: { kind: 'timestamp', utc, unit: 'ns' } });
    default:
      return undefined;
  }
}
