import { Bool, type DataType, DateDay, Float64, Int64, Timestamp, TimeUnit, Type, Utf8 } from 'apache-arrow';

/**
 * A CSV column type given by name: `int64`, `float64`, `boolean`, `utf8`, `date` (a day), or `timestamp`
 * with an optional unit (`timestamp[s]`, `timestamp[ms]`, `timestamp[us]`, `timestamp[ns]`; without one the
 * unit follows the longest fraction in the data) and an optional zone (`timestamp[ms, UTC]`).
 */
export type CsvColumnTypeName =
  | 'int64'
  | 'float64'
  | 'boolean'
  | 'utf8'
  | 'date'
  | 'timestamp'
  | `timestamp[${'s' | 'ms' | 'us' | 'ns'}]`
  | `timestamp[${'s' | 'ms' | 'us' | 'ns'}, UTC]`;

/** The kinds of column the CSV codec builds. */
export type ColumnKind = 'int64' | 'float64' | 'boolean' | 'utf8' | 'date' | 'timestamp';

/** A resolved column type: the kind, and for timestamps the unit (undefined: from the data) and zone. */
export interface ColumnSpec {
  readonly kind: ColumnKind;
  readonly unit?: TimeUnit | undefined;
  /** `undefined`: from the data (UTC when any value has a zone); `null`: none. */
  readonly timezone?: string | null | undefined;
}

const UNITS: Record<string, TimeUnit> = {
  s: TimeUnit.SECOND,
  ms: TimeUnit.MILLISECOND,
  us: TimeUnit.MICROSECOND,
  ns: TimeUnit.NANOSECOND,
};

/** Resolves a type name or an Arrow type; `undefined` when the CSV codec cannot build that type. */
export function toColumnSpec(type: CsvColumnTypeName | DataType): ColumnSpec | undefined {
  if (typeof type === 'string') {
    if (type === 'int64' || type === 'float64' || type === 'boolean' || type === 'utf8' || type === 'date') {
      return { kind: type };
    }
    const m = /^timestamp(?:\[(s|ms|us|ns)(?:,\s*(UTC))?\])?$/.exec(type);
    if (!m) return undefined;
    return {
      kind: 'timestamp',
      unit: m[1] ? UNITS[m[1]] : undefined,
      timezone: m[2] ? 'UTC' : m[1] ? null : undefined,
    };
  }
  switch (type.typeId) {
    case Type.Int:
      return (type as Int64).bitWidth === 64 && (type as Int64).isSigned ? { kind: 'int64' } : undefined;
    case Type.Float:
      return type instanceof Float64 || (type as Float64).precision === 2 ? { kind: 'float64' } : undefined;
    case Type.Bool:
      return { kind: 'boolean' };
    case Type.Utf8:
      return { kind: 'utf8' };
    case Type.Date:
      return (type as DateDay).unit === 0 ? { kind: 'date' } : undefined;
    case Type.Timestamp:
      return {
        kind: 'timestamp',
        unit: (type as Timestamp).unit,
        timezone: (type as Timestamp).timezone ?? null,
      };
    default:
      return undefined;
  }
}

/** The Arrow type of a resolved column. */
export function arrowType(spec: ColumnSpec, unit: TimeUnit, timezone: string | null): DataType {
  switch (spec.kind) {
    case 'int64':
      return new Int64();
    case 'float64':
      return new Float64();
    case 'boolean':
      return new Bool();
    case 'date':
      return new DateDay();
    case 'timestamp':
      return new Timestamp(unit, timezone);
    default:
      return new Utf8();
  }
}

/** Digits of a second's fraction in each unit. */
export function unitDigits(unit: TimeUnit): number {
  return unit === TimeUnit.SECOND
    ? 0
    : unit === TimeUnit.MILLISECOND
      ? 3
      : unit === TimeUnit.MICROSECOND
        ? 6
        : 9;
}

/** The smallest unit that holds `digits` digits of a second's fraction (milliseconds at least). */
export function unitForDigits(digits: number): TimeUnit {
  return digits <= 3 ? TimeUnit.MILLISECOND : digits <= 6 ? TimeUnit.MICROSECOND : TimeUnit.NANOSECOND;
}
