import { Bool, type Data, Float64, Int64, makeData, Null, TimestampMillisecond } from 'apache-arrow';
import { PredictorError } from '../errors.js';
import { describeValue } from './row-columns.js';
import { utf8Data } from './utf8-data.js';

type Kind = 'number' | 'bigint' | 'string' | 'boolean' | 'date';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * One column of row objects as Arrow data, its buffers written directly (no per-value builder). Every
 * non-null value must have one type: number (int64 when all are whole, as pandas keeps them, else float64; a
 * `-0` keeps the column float64, so its sign survives), bigint (int64), string (utf8), boolean or Date (a
 * timestamp in milliseconds, UTC: a Date is an instant, and date64 would claim whole days); `undefined` is null. A column that
 * mixes types, or holds anything else, is a model bug: guessing a type would write a silently wrong file.
 */
export function columnData(name: string, values: unknown[], file: string): Data {
  const n = values.length;
  let kind: Kind | undefined;
  let integral = true;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      nulls++;
      continue;
    }
    const k = kindOf(value);
    if (k === undefined) {
      throw wrongShape(
        file,
        `column "${name}", row ${i + 1} holds ${describeValue(value)}, which is not a number, bigint, string, boolean, Date or null`,
      );
    }
    if (kind === undefined) kind = k;
    else if (k !== kind) {
      throw wrongShape(file, `column "${name}" mixes types (${kind} and ${k} at row ${i + 1})`);
    }
    if (k === 'number' && integral && (!Number.isSafeInteger(value) || Object.is(value, -0)))
      integral = false;
  }
  if (kind === undefined) return makeData({ type: new Null(), length: n, nullCount: n });
  const nullBitmap = nulls > 0 ? bitsWhere(values, present) : undefined;
  const base = { length: n, nullCount: nulls, nullBitmap };
  switch (kind) {
    case 'number':
      return integral
        ? makeData({ ...base, type: new Int64(), data: int64Of(values, (v) => v as number) })
        : makeData({ ...base, type: new Float64(), data: float64Of(values) });
    case 'bigint':
      return makeData({ ...base, type: new Int64(), data: bigint64Of(name, values, file) });
    case 'boolean':
      return makeData({ ...base, type: new Bool(), data: bitsWhere(values, isTrue) });
    case 'date':
      return makeData({
        ...base,
        type: new TimestampMillisecond('UTC'),
        data: int64Of(values, (v, i) => millisecondsOf(name, v as Date, i, file)),
      });
    case 'string':
      return utf8Data(name, values, nulls, nullBitmap, file);
  }
}

function kindOf(value: unknown): Kind | undefined {
  switch (typeof value) {
    case 'number':
    case 'bigint':
    case 'string':
    case 'boolean':
      return typeof value as Kind;
    default:
      return value instanceof Date ? 'date' : undefined;
  }
}

/** A bitmap of `values`: bit i set when `test(values[i])` (Arrow's validity bitmaps and boolean data). */
function bitsWhere(values: unknown[], test: (value: unknown) => boolean): Uint8Array {
  const bits = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) if (test(values[i])) bits[i >> 3]! |= 1 << (i & 7);
  return bits;
}

const present = (value: unknown) => value !== null && value !== undefined;
const isTrue = (value: unknown) => value === true;

function float64Of(values: unknown[]): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number') out[i] = v;
  }
  return out;
}

/**
 * 64-bit integers from safe integers (whole numbers below 2^53 in size), written as two 32-bit halves:
 * a `BigInt()` per value costs several times more.
 */
function int64Of(values: unknown[], toNumber: (value: unknown, index: number) => number): BigInt64Array {
  const words = new Uint32Array(values.length * 2);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const x = toNumber(v, i);
    const high = Math.floor(x / 4294967296);
    words[2 * i] = (x - high * 4294967296) >>> 0;
    words[2 * i + 1] = high >>> 0;
  }
  return new BigInt64Array(words.buffer);
}

function bigint64Of(name: string, values: unknown[], file: string): BigInt64Array {
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'bigint') continue;
    // A BigInt64Array would wrap a bigger value around without a word.
    if (v < INT64_MIN || v > INT64_MAX) {
      throw wrongShape(file, `column "${name}", row ${i + 1} holds ${v}n, outside the 64-bit integer range`);
    }
    out[i] = v;
  }
  return out;
}

function millisecondsOf(name: string, date: Date, index: number, file: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw wrongShape(file, `column "${name}", row ${index + 1} holds an invalid Date`);
  return ms;
}

function wrongShape(file: string, what: string): PredictorError {
  return new PredictorError(`The predictor returned a wrong shape for ${file}: ${what}`, { file });
}
