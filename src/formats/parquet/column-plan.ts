import { type Data, type Dictionary, type Table, Type } from 'apache-arrow';

/** How one top-level column is written: with dictionary pages or not, and its non-dictionary encoding. */
export interface ColumnPlan {
  readonly name: string;
  readonly dictionary: boolean;
  /** Encoding of plain pages (and of the fallback when the dictionary overflows); the writer's default if absent. */
  readonly encoding?: 'DELTA_BINARY_PACKED' | 'DELTA_LENGTH_BYTE_ARRAY';
}

/** Values looked at per column (from the start of the table) to estimate how often its values repeat. */
export const PLAN_SAMPLE_ROWS = 4096;

const BYTE_ARRAY_TYPES: ReadonlySet<Type> = new Set([
  Type.Utf8,
  Type.LargeUtf8,
  Type.Binary,
  Type.LargeBinary,
]);
/** Types written as Parquet INT32/INT64, where DELTA_BINARY_PACKED is allowed (not Decimal: it may be FLBA). */
const INTEGER_TYPES: ReadonlySet<Type> = new Set([Type.Int, Type.Date, Type.Time, Type.Timestamp]);
const FIXED_TYPES: ReadonlySet<Type> = new Set([
  Type.Int,
  Type.Float,
  Type.Decimal,
  Type.Date,
  Type.Time,
  Type.Timestamp,
  Type.FixedSizeBinary,
]);

/**
 * Plans the encoding of each top-level column from a sample of its first values (measured in
 * docs/performance.md, "Parquet"): a dictionary costs the writer 1–5 ms per 250k values and makes a column 3–5x
 * smaller while values repeat, but once the sample is mostly distinct it costs up to 3x the plain write and
 * saves nothing (the writer dictionary-encodes until the page limit, then falls back). Plain integers are
 * written DELTA_BINARY_PACKED (ids and event times shrink to almost nothing, at no cost) and plain strings
 * DELTA_LENGTH_BYTE_ARRAY (30–40 % faster than PLAIN in arrow-rs, and smaller). Booleans never get a
 * dictionary; nested columns keep the writer's defaults (no dictionary).
 */
export function planColumns(table: Table, maxDistinctRatio: number | undefined): ColumnPlan[] {
  return table.schema.fields.map((field, index): ColumnPlan => {
    // A dictionary column is planned as its values; its indices are sampled (equal index, equal value).
    const dictionaryTyped = field.typeId === Type.Dictionary;
    const typeId: Type = dictionaryTyped ? (field.type as Dictionary).dictionary.typeId : field.typeId;
    const byteArray = BYTE_ARRAY_TYPES.has(typeId);
    if (!byteArray && !FIXED_TYPES.has(typeId)) return { name: field.name, dictionary: dictionaryTyped };
    const chunks = table.getChildAt(index)?.data ?? [];
    const ratio = distinctRatio(chunks, byteArray && !dictionaryTyped);
    const dictionary =
      maxDistinctRatio === undefined
        ? automaticDictionary(chunks, ratio, byteArray, dictionaryTyped)
        : ratio <= maxDistinctRatio;
    const encoding = byteArray
      ? 'DELTA_LENGTH_BYTE_ARRAY'
      : INTEGER_TYPES.has(typeId) && !dictionary
        ? 'DELTA_BINARY_PACKED'
        : undefined;
    return encoding ? { name: field.name, dictionary, encoding } : { name: field.name, dictionary };
  });
}

/**
 * The default rule: a dictionary, as pyarrow and arrow-rs give every column (the writer falls back to plain
 * pages when it overflows), except where the sample says the column is a key that never repeats — strings all
 * but distinct (ids, hashes, free text: {@link KEY_DISTINCT_RATIO}), and numbers, dates and times strictly
 * increasing or decreasing (row ids, event times). A column whose first values are distinct may still repeat
 * later (prices, measurements), so other types keep the dictionary: a sample cannot see a repeat it does not
 * hold, and the fallback costs time where a missed dictionary costs 3-5x the size.
 */
function automaticDictionary(
  chunks: readonly Data[],
  ratio: number,
  byteArray: boolean,
  dictionaryTyped: boolean,
): boolean {
  if (dictionaryTyped) return true;
  if (byteArray) return ratio < KEY_DISTINCT_RATIO;
  return !strictlyMonotonic(chunks);
}

/** Share of distinct values in a string column's sample from which it is taken for a key. */
const KEY_DISTINCT_RATIO = 0.95;

/** Whether the first {@link PLAN_SAMPLE_ROWS} values of a flat number or time column only go up, or only down. */
function strictlyMonotonic(chunks: readonly Data[]): boolean {
  const first = chunks[0];
  if (!first || first.nullCount > 0) return false;
  if (!INTEGER_TYPES.has(first.typeId) && first.typeId !== Type.Float) return false;
  const values = first.values as ArrayLike<number | bigint>;
  if (
    (first as unknown as { stride?: number }).stride !== undefined &&
    (first as unknown as { stride: number }).stride !== 1
  )
    return false;
  const rows = Math.min(first.length, PLAN_SAMPLE_ROWS);
  if (rows < 2) return false;
  const up = values[1]! > values[0]!;
  for (let i = 1; i < rows; i++) {
    const a = values[i - 1]!;
    const b = values[i]!;
    if (a === b || b > a !== up) return false;
  }
  return true;
}

/** Distinct share of the first {@link PLAN_SAMPLE_ROWS} non-null values (1 when there are none). */
function distinctRatio(chunks: readonly Data[], byteArray: boolean): number {
  const seen = new Set<number>();
  let sampled = 0;
  for (const data of chunks) {
    const key = byteArray ? byteArrayKeys(data) : fixedKeys(data);
    for (let i = 0; i < data.length && sampled < PLAN_SAMPLE_ROWS; i++) {
      if (data.nullCount > 0 && !isValid(data, i)) continue;
      seen.add(key(i));
      sampled++;
    }
    if (sampled >= PLAN_SAMPLE_ROWS) break;
  }
  return sampled === 0 ? 1 : seen.size / sampled;
}

function isValid(data: Data, i: number): boolean {
  const bitmap = data.nullBitmap;
  if (!bitmap || bitmap.length === 0) return true;
  const bit = data.offset + i;
  return ((bitmap[bit >> 3]! >> (bit & 7)) & 1) === 1;
}

type Keys = (i: number) => number;

/**
 * Keys of a fixed-width chunk: numbers equal when the values are equal (and rarely otherwise) — the value
 * itself up to 4 bytes, the 8 bytes read as a float64 (so 64-bit integers need no BigInt), else a hash.
 */
function fixedKeys(data: Data): Keys {
  const values = data.values as ArrayLike<number> & ArrayBufferView & { BYTES_PER_ELEMENT: number };
  const stride = (data as unknown as { stride?: number }).stride ?? 1;
  const width = values.BYTES_PER_ELEMENT * stride;
  if (width <= 4 && stride === 1 && typeof values[0] !== 'bigint') return (i) => values[i]!;
  if (width === 8 && values.byteOffset % 8 === 0) {
    const view = new Float64Array(values.buffer, values.byteOffset, Math.floor(values.byteLength / 8));
    return (i) => view[i]!;
  }
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return (i) => fnv(bytes, i * width, (i + 1) * width);
}

/** Keys of a string or binary chunk: a 32-bit hash of the bytes plus the length. */
function byteArrayKeys(data: Data): Keys {
  const offsets = data.valueOffsets as ArrayLike<number | bigint>;
  const bytes = data.values as Uint8Array;
  return (i) => {
    const start = Number(offsets[i]);
    const end = Number(offsets[i + 1]);
    return fnv(bytes, start, end) + (end - start) * 4294967296;
  };
}

function fnv(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let j = start; j < end; j++) hash = Math.imul(hash ^ bytes[j]!, 0x01000193);
  return hash >>> 0;
}
