// Number recognition and parsing straight from CSV bytes, without making a string per field.

const ZERO = 0x30;
const NINE = 0x39;
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];
const TWO53 = 9007199254740992;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** True when bytes[start, end) is an integer (optional sign, digits) that fits in int64. */
export function isInt64(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  const c0 = bytes[i];
  if (c0 === MINUS || c0 === PLUS) i++;
  const digits = end - i;
  if (digits <= 0 || digits > 19) return false;
  for (; i < end; i++) {
    const c = bytes[i] as number;
    if (c < ZERO || c > NINE) return false;
  }
  if (digits < 19) return true;
  const v = BigInt(latin1(bytes, start, end));
  return v >= INT64_MIN && v <= INT64_MAX;
}

/**
 * Parses an integer already known to be int64 into `out[index]` (as two 32-bit halves, little-endian),
 * because building a BigInt per value is several times slower than writing the halves of a safe number.
 */
export function writeInt64(
  bytes: Uint8Array,
  start: number,
  end: number,
  halves: Int32Array,
  index: number,
): void {
  let i = start;
  let neg = false;
  const c0 = bytes[i];
  if (c0 === MINUS || c0 === PLUS) {
    neg = c0 === MINUS;
    i++;
  }
  if (end - i > 15) {
    const v = BigInt.asUintN(64, BigInt(latin1(bytes, start, end)));
    halves[2 * index] = Number(v & 0xffffffffn) | 0;
    halves[2 * index + 1] = Number(v >> 32n) | 0;
    return;
  }
  let v = 0;
  for (; i < end; i++) v = v * 10 + ((bytes[i] as number) - ZERO);
  if (neg) v = -v;
  const hi = Math.floor(v / 4294967296);
  halves[2 * index] = (v - hi * 4294967296) | 0;
  halves[2 * index + 1] = hi;
}

/**
 * The value of bytes[start, end) when it is a plain unsigned decimal (`12`, `0.37`, `5.`, `.5`,
 * `0.40900000000000003`: digits and at most one dot, up to 19 significant digits), else -1. The common
 * shapes are so recognised and parsed in one walk; the value is exactly what {@link parseFloat64} returns
 * (the same steps), and -1 sends every other shape (signs aside) to {@link isFloat} and {@link parseFloat64}.
 */
export function plainDecimal(bytes: Uint8Array, start: number, end: number): number {
  let head = 0;
  let tail = 0;
  let tailDigits = 0;
  let sig = 0;
  let dot = -1;
  for (let i = start; i < end; i++) {
    const d = (bytes[i] as number) - ZERO;
    if (d >= 0 && d <= 9) {
      if (sig < 15) {
        head = head * 10 + d;
        if (head !== 0) sig++;
      } else {
        tail = tail * 10 + d;
        tailDigits++;
        sig++;
      }
    } else if (d === DOT - ZERO && dot < 0) dot = i;
    else return -1;
  }
  const scale = dot < 0 ? 0 : end - dot - 1;
  if (end - start === (dot < 0 ? 0 : 1) || scale > 22 || tailDigits > 4) return -1;
  if (tailDigits === 0) return scale === 0 ? head : head / (POW10[scale] as number);
  const m = head * (POW10[tailDigits] as number) + tail;
  if (m < TWO53) return scale === 0 ? m : m / (POW10[scale] as number);
  const v = wideDecimal(head, tailDigits, tail, scale);
  return Number.isNaN(v) ? -1 : v;
}

/** The value of bytes[start, end) when it is 1 to 15 digits (no sign), else -1: exact in a double. */
export function plainInteger(bytes: Uint8Array, start: number, end: number): number {
  if (end - start > 15 || end === start) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = (bytes[i] as number) - ZERO;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** True when bytes[start, end) is a decimal number (`1`, `-1.5`, `.5`, `1e-7`) or NaN/inf/Infinity. */
export function isFloat(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  const c0 = bytes[i];
  if (c0 === MINUS || c0 === PLUS) i++;
  let digits = 0;
  while (i < end && (bytes[i] as number) >= ZERO && (bytes[i] as number) <= NINE) {
    i++;
    digits++;
  }
  if (i < end && bytes[i] === DOT) {
    i++;
    while (i < end && (bytes[i] as number) >= ZERO && (bytes[i] as number) <= NINE) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return special(bytes, start, end) !== undefined;
  if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    i++;
    if (bytes[i] === MINUS || bytes[i] === PLUS) i++;
    const expStart = i;
    while (i < end && (bytes[i] as number) >= ZERO && (bytes[i] as number) <= NINE) i++;
    if (i === expStart) return false;
  }
  return i === end;
}

/** Parses a number already known to pass {@link isFloat}; exact (correctly rounded) in every case. */
export function parseFloat64(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let neg = false;
  const c0 = bytes[i];
  if (c0 === MINUS || c0 === PLUS) {
    neg = c0 === MINUS;
    i++;
  }
  // The significant digits as head * 10^tailDigits + tail: the first 15 in `head` (exact in a double),
  // up to 4 more in `tail`. `sig` counts digits from the first non-zero one.
  let head = 0;
  let tail = 0;
  let tailDigits = 0;
  let sig = 0;
  let scale = 0;
  while (i < end) {
    const c = bytes[i] as number;
    if (c < ZERO || c > NINE) break;
    if (sig < 15) {
      head = head * 10 + (c - ZERO);
      if (head !== 0) sig++;
    } else {
      tail = tail * 10 + (c - ZERO);
      tailDigits++;
      sig++;
    }
    i++;
  }
  if (i < end && bytes[i] === DOT) {
    i++;
    while (i < end) {
      const c = bytes[i] as number;
      if (c < ZERO || c > NINE) break;
      if (sig < 15) {
        head = head * 10 + (c - ZERO);
        if (head !== 0) sig++;
      } else {
        tail = tail * 10 + (c - ZERO);
        tailDigits++;
        sig++;
      }
      scale--;
      i++;
    }
  }
  if (i === end && scale >= -22 && tailDigits <= 4) {
    if (tailDigits === 0) {
      // Clinger's fast path: an exact integer below 2^53 and an exact power of ten up to 10^22; one
      // division or multiplication of two exact doubles is correctly rounded.
      const v = scale === 0 ? head : head / (POW10[-scale] as number);
      return neg ? -v : v;
    }
    // Computed in doubles, m is exact when below 2^53 (and >= 2^53 otherwise: every step is monotone).
    const m = head * (POW10[tailDigits] as number) + tail;
    if (m < TWO53) {
      const v = scale === 0 ? m : m / (POW10[-scale] as number);
      return neg ? -v : v;
    }
    const v = wideDecimal(head, tailDigits, tail, -scale);
    if (!Number.isNaN(v)) return neg ? -v : v;
  }
  // NaN and inf[inity] start with n, N, i or I after the sign; everything else is a decimal number.
  const first = (bytes[neg || c0 === PLUS ? start + 1 : start] as number) | 0x20;
  if (first === 0x6e || first === 0x69) {
    const s = special(bytes, start, end);
    if (s !== undefined) return s;
  }
  return Number(latin1(bytes, start, end));
}

/** Dekker's splitting constant, 2^27 + 1. */
const SPLIT = 134217729;
/** Relative widening of the correction term: far above its rounding error (< 2^-51), far below 1 ulp. */
const WIDEN = 2 ** -30;

/**
 * The correctly rounded double of m / 10^s, where m = head * 10^tailDigits + tail has 16 to 19 digits
 * (2^53 <= m < 10^19) and 0 <= s <= 22; NaN when the value is too close to a rounding boundary to decide
 * here (the caller then falls back to `Number`, which is exact).
 *
 * Why it is exact: m is held exactly as H + L (Dekker's product and a two-sum; H, L integers), the quotient
 * q = fl(H / D) and the remainder m - q * D are computed exactly except for one final rounding (Dekker's
 * product again), so the correction t = (m - q * D) / D is known to a relative 2^-51. The result is
 * fl(q + t); it is accepted only when fl(q + t * (1 - 2^-30)) and fl(q + t * (1 + 2^-30)) agree, since the
 * true t lies between those two and rounding of q + x is monotone in x.
 */
function wideDecimal(head: number, tailDigits: number, tail: number, s: number): number {
  const scale = POW10[tailDigits] as number;
  const product = head * scale;
  const low = twoProductError(head, scale, product) + tail; // small integers: exact
  const H = product + low;
  const L = low - (H - product); // Fast2Sum: |product| >= |low|
  if (s === 0) return H; // fl(m)
  const D = POW10[s] as number;
  const q = H / D;
  const p = q * D;
  // H - p is exact (Sterbenz), H - p + L is a small integer sum, so only the last subtraction rounds.
  const t = (H - p + L - twoProductError(q, D, p)) / D;
  const a = q + t * (1 - WIDEN);
  return a === q + t * (1 + WIDEN) ? a : Number.NaN;
}

/** x * y - p exactly, where p = fl(x * y) (Dekker; no overflow or underflow for the values used here). */
function twoProductError(x: number, y: number, p: number): number {
  let t = SPLIT * x;
  const xh = t - (t - x);
  const xl = x - xh;
  t = SPLIT * y;
  const yh = t - (t - y);
  const yl = y - yh;
  return xh * yh - p + xh * yl + xl * yh + xl * yl;
}

/** NaN, inf, infinity (any case, with a sign) as written by pandas, Spark, DuckDB and JavaScript. */
function special(bytes: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  let sign = 1;
  if (bytes[i] === MINUS || bytes[i] === PLUS) {
    if (bytes[i] === MINUS) sign = -1;
    i++;
  }
  const word = latin1(bytes, i, end).toLowerCase();
  if (word === 'nan') return Number.NaN;
  if (word === 'inf' || word === 'infinity') return sign * Number.POSITIVE_INFINITY;
  return undefined;
}

/** The bytes as a string, one character per byte: numbers and dates are ASCII. */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > 32)
    return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
  // Short numbers: building the string by hand beats making a Buffer view or an array per field.
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i] as number);
  return text;
}
