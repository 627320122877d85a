import { DataType, type Table, type Vector } from 'apache-arrow';

/** A pandas data frame in its "split" JSON form, as a deployed model's real-time endpoint takes it. */
export interface SplitFrame {
  readonly columns: string[];
  readonly index: number[];
  readonly data: unknown[][];
}

/**
 * Rows `[start, end)` of `table` in pandas "split" form. Values become JSON: dates and timestamps ISO-8601
 * strings, 64-bit integers numbers (strings beyond 2^53, which JSON numbers cannot hold exactly), binary
 * base64, lists arrays, structs objects, nulls and NaN `null`. `index` counts from `start`, as pandas would
 * for that slice of the frame.
 */
export function toSplitFrame(table: Table, start = 0, end = table.numRows): SplitFrame {
  const fields = table.schema.fields;
  const columns = fields.map((f) => f.name);
  const rows = Math.max(0, Math.min(end, table.numRows) - start);
  const data: unknown[][] = Array.from({ length: rows }, () => new Array<unknown>(fields.length));
  fields.forEach((field, c) => {
    const vector = table.getChildAt(c) as Vector | null;
    const convert = converterFor(field.type);
    for (let r = 0; r < rows; r++) data[r]![c] = vector ? convert(vector.get(start + r)) : null;
  });
  return { columns, index: Array.from({ length: rows }, (_, i) => start + i), data };
}

type Converter = (value: unknown) => unknown;

function converterFor(type: DataType): Converter {
  if (DataType.isDate(type) || DataType.isTimestamp(type)) {
    return (v) => (v === null || v === undefined ? null : new Date(Number(v)).toISOString());
  }
  return toJsonValue;
}

function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(value)
        : value.toString();
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, toJsonValue);
  if (Array.isArray(value)) return value.map(toJsonValue);
  const iterable = value as { toArray?: () => ArrayLike<unknown>; toJSON?: () => unknown };
  // Arrow vectors (list cells) and struct/map rows.
  if (typeof iterable.toArray === 'function' && 'length' in (value as object)) {
    return Array.from(iterable.toArray(), toJsonValue);
  }
  if (typeof iterable.toJSON === 'function') return toJsonValue(iterable.toJSON());
  return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, toJsonValue(v)]));
}
