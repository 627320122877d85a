// ISO-8601 dates and timestamps straight from CSV bytes, and back to text.

/** What {@link scanTimestamp} found; reused between calls so that scanning allocates nothing. */
export interface TimeParts {
  /** Seconds since 1970-01-01T00:00:00Z. */
  seconds: number;
  /** The fraction of a second as written, e.g. 123 for `.123`. */
  fraction: number;
  /** Digits of the fraction (0 when none). */
  fractionDigits: number;
  /** True when the text carried `Z` or an offset. */
  zoned: boolean;
  /** True when the text was a date alone (`2024-01-31`). */
  dateOnly: boolean;
}

const D = (c: number | undefined): number => (c !== undefined && c >= 0x30 && c <= 0x39 ? c - 0x30 : -1);

function digits(bytes: Uint8Array, at: number, count: number): number {
  let v = 0;
  for (let i = 0; i < count; i++) {
    const d = D(bytes[at + i]);
    if (d < 0) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Reads `YYYY-MM-DD`, optionally followed by `T` or a space, `HH:MM`, `:SS`, `.fraction` (1 to 9 digits) and
 * `Z` or `±HH:MM` / `±HHMM` / `±HH`. Returns false when bytes[start, end) is not such a value.
 */
export function scanTimestamp(bytes: Uint8Array, start: number, end: number, out: TimeParts): boolean {
  if (end - start < 10 || bytes[start + 4] !== 0x2d || bytes[start + 7] !== 0x2d) return false;
  const y = digits(bytes, start, 4);
  const mo = digits(bytes, start + 5, 2);
  const d = digits(bytes, start + 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return false;
  let seconds = daysFromCivil(y, mo, d) * 86400;
  out.fraction = 0;
  out.fractionDigits = 0;
  out.zoned = false;
  out.dateOnly = end - start === 10;
  if (out.dateOnly) {
    out.seconds = seconds;
    return true;
  }
  let i = start + 10;
  const sep = bytes[i];
  if ((sep !== 0x54 && sep !== 0x20 && sep !== 0x74) || end - i < 6 || bytes[i + 3] !== 0x3a) return false;
  const h = digits(bytes, i + 1, 2);
  const mi = digits(bytes, i + 4, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59) return false;
  seconds += h * 3600 + mi * 60;
  i += 6;
  if (i < end && bytes[i] === 0x3a) {
    if (end - i < 3) return false;
    const s = digits(bytes, i + 1, 2);
    if (s < 0 || s > 59) return false;
    seconds += s;
    i += 3;
    if (i < end && (bytes[i] === 0x2e || bytes[i] === 0x2c)) {
      i++;
      let f = 0;
      let n = 0;
      while (i < end && D(bytes[i]) >= 0) {
        if (n === 9) return false;
        f = f * 10 + D(bytes[i]);
        n++;
        i++;
      }
      if (n === 0) return false;
      out.fraction = f;
      out.fractionDigits = n;
    }
  }
  if (i < end) {
    const z = bytes[i];
    if (z === 0x5a || z === 0x7a) {
      i++;
    } else if (z === 0x2b || z === 0x2d) {
      if (end - i < 3) return false;
      const oh = digits(bytes, i + 1, 2);
      if (oh < 0 || oh > 23) return false;
      i += 3;
      let om = 0;
      if (i < end && bytes[i] === 0x3a) i++;
      if (i < end) {
        if (end - i < 2) return false;
        om = digits(bytes, i, 2);
        if (om < 0 || om > 59) return false;
        i += 2;
      }
      const offset = (oh * 3600 + om * 60) * (z === 0x2d ? -1 : 1);
      seconds -= offset;
    } else return false;
    out.zoned = true;
  }
  if (i !== end) return false;
  out.seconds = seconds;
  return true;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** `YYYY-MM-DD` of a day number (days since 1970-01-01); years outside 0..9999 get a sign and 6 digits. */
export function formatDate(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const year =
    y >= 0 && y <= 9999
      ? String(y).padStart(4, '0')
      : (y < 0 ? '-' : '+') + String(Math.abs(y)).padStart(6, '0');
  return `${year}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

let lastDays = Number.NaN;
let lastDate = '';

/**
 * ISO-8601 text of a timestamp given as whole seconds and a sub-second part in `unitDigits` digits (0, 3, 6
 * or 9): `2024-01-31T12:00:00.250Z`. `zoned` adds the `Z`.
 */
export function formatTimestamp(
  seconds: number,
  subsecond: number,
  unitDigits: number,
  zoned: boolean,
): string {
  const days = Math.floor(seconds / 86400);
  // Timestamps in a column are often sorted: the date text of the last day is kept.
  if (days !== lastDays) {
    lastDays = days;
    lastDate = formatDate(days);
  }
  const text = `${lastDate}T${formatClock(seconds - days * 86400, subsecond, unitDigits)}`;
  return zoned ? `${text}Z` : text;
}

/**
 * `HH:MM:SS`, then `.` and the sub-second part in `unitDigits` digits (none when 0), of `seconds` (0 or
 * more, whole) and `subsecond`: `13:45:10.250`. Hours past 23 are written as they are (`25:00:00`).
 */
export function formatClock(seconds: number, subsecond: number, unitDigits: number): string {
  const h = Math.floor(seconds / 3600);
  let rest = seconds - h * 3600;
  const mi = Math.floor(rest / 60);
  rest -= mi * 60;
  const text = `${h < 10 ? '0' : ''}${h}:${mi < 10 ? '0' : ''}${mi}:${rest < 10 ? '0' : ''}${rest}`;
  return unitDigits > 0 ? `${text}.${String(subsecond).padStart(unitDigits, '0')}` : text;
}
