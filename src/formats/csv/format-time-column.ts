import type { Data, DateMillisecond, Time, Timestamp } from 'apache-arrow';
import { unitDigits } from './column-types.js';
import { formatClock, formatDate, formatTimestamp } from './scan-time.js';
import type { ValidRows } from './valid-rows.js';

const TWO32 = 4294967296;
const DAY_MS = 86_400_000;

/** The remainder (0 <= rest < divisor) of the last {@link divide}: a second return value without an object. */
let rest = 0;

/**
 * Writes the ISO-8601 text of each value of a timestamp column into `out`: the column's precision (0, 3, 6
 * or 9 fraction digits), and `Z` when the column has a zone.
 */
export function formatTimestamps(data: Data<Timestamp>, out: string[], valid: ValidRows): void {
  const n = data.length;
  const zoned = Boolean(data.type.timezone);
  const digits = unitDigits(data.type.unit);
  const scale = 10 ** digits;
  const big = data.values as BigInt64Array;
  // Read as two 32-bit halves: a BigInt per value (big[i]) costs an allocation.
  const halves = new Int32Array(big.buffer, big.byteOffset, big.length * 2);
  for (let i = 0; i < n; i++) {
    if (!valid(i)) {
      out[i] = '';
      continue;
    }
    const seconds = divide(halves, big, i, scale);
    out[i] = formatTimestamp(seconds, rest, digits, zoned);
  }
}

/**
 * Writes each value of a date64 column (milliseconds since the epoch) into `out`: a whole day as
 * `YYYY-MM-DD` (as a date32 column), any other value as a UTC timestamp with milliseconds (as a
 * `timestamp[ms, UTC]` column): arrow-js's date64 builder takes JS `Date`s and keeps their time of day.
 */
export function formatDate64s(data: Data<DateMillisecond>, out: string[], valid: ValidRows): void {
  const n = data.length;
  const big = data.values as unknown as BigInt64Array;
  const halves = new Int32Array(big.buffer, big.byteOffset, big.length * 2);
  for (let i = 0; i < n; i++) {
    if (!valid(i)) {
      out[i] = '';
      continue;
    }
    const days = divide(halves, big, i, DAY_MS);
    if (rest === 0) {
      out[i] = formatDate(days);
      continue;
    }
    const seconds = divide(halves, big, i, 1000);
    out[i] = formatTimestamp(seconds, rest, 3, true);
  }
}

/**
 * Writes each value of a time-of-day column (`time32` in seconds or milliseconds, `time64` in micro- or
 * nanoseconds since midnight) into `out` as `HH:MM:SS` with the unit's fraction digits, as pyarrow and our
 * timestamps write them: `13:45:10` (s), `13:45:10.250` (ms), `.250000` (us), `.250000000` (ns). Arrow
 * allows 0 to 24 hours; a value outside is written as it is, not wrapped: `25:00:00`, `-00:00:01`.
 */
export function formatTimes(data: Data<Time>, out: string[], valid: ValidRows): void {
  const digits = unitDigits(data.type.unit);
  const scale = 10 ** digits;
  const wide = data.type.bitWidth === 64;
  const big = data.values as unknown as BigInt64Array;
  const narrow = data.values as Int32Array;
  const halves = wide ? new Int32Array(big.buffer, big.byteOffset, big.length * 2) : narrow;
  for (let i = 0; i < data.length; i++) {
    if (!valid(i)) {
      out[i] = '';
      continue;
    }
    let seconds: number;
    let negative: boolean;
    if (wide) {
      seconds = divide(halves, big, i, scale);
      negative = (halves[2 * i + 1] as number) < 0;
    } else {
      const v = narrow[i] as number;
      seconds = Math.floor(v / scale);
      rest = v - seconds * scale;
      negative = v < 0;
    }
    if (negative && rest > 0) {
      // Before midnight: the distance to it, after a minus sign.
      seconds++;
      rest = scale - rest;
    }
    const text = formatClock(negative ? -seconds : seconds, rest, digits);
    out[i] = negative ? `-${text}` : text;
  }
}

/** The int64 at `i` divided by `divisor`, floored (the remainder in `rest`), exactly for every int64. */
function divide(halves: Int32Array, big: BigInt64Array, i: number, divisor: number): number {
  const hi = halves[2 * i + 1] as number;
  if (hi >= -2097152 && hi < 2097152) {
    // Up to 2^53 the two halves give the exact number.
    const v = hi * TWO32 + ((halves[2 * i] as number) >>> 0);
    let whole = Math.floor(v / divisor);
    rest = v - whole * divisor;
    // Near 2^53, v / divisor can round up to the next integer.
    if (rest < 0) {
      whole--;
      rest += divisor;
    }
    return whole;
  }
  const raw = big[i] as bigint;
  const b = BigInt(divisor);
  let w = raw / b;
  if (raw % b < 0n) w -= 1n;
  rest = Number(raw - w * b);
  return Number(w);
}
