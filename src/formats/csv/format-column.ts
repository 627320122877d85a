import { Buffer, isAscii } from 'node:buffer';
import {
  type Data,
  type DateMillisecond,
  DateUnit,
  type Decimal,
  type Dictionary,
  makeVector,
  type Timestamp,
  Type,
} from 'apache-arrow';
import { formatDecimals } from './format-decimal.js';
import { formatDate64s, formatTimestamps } from './format-time-column.js';
import { formatDate } from './scan-time.js';

const TWO32 = 4294967296;

/**
 * Writes the CSV text of each value of `data` into `out` (quoted where needed, null as an empty field).
 * The common types read their buffers directly; the rest go through `Vector.get`.
 */
export function formatColumn(data: Data, out: string[], needsQuotes: RegExp): void {
  const n = data.length;
  const valid = validityOf(data);
  const type = data.type;
  const t = type as unknown as { bitWidth?: number; isSigned?: boolean; precision?: number; unit?: number };
  const values = data.values as ArrayLike<number> | undefined;
  // apache-arrow slices the values and offsets buffers of a sliced Data; only the validity bitmap and
  // boolean values still start at `data.offset` bits.
  const off = data.offset;
  switch (type.typeId) {
    case Type.Utf8: {
      const offsets = data.valueOffsets as Int32Array;
      const bytes = data.values as Uint8Array;
      // Only the bytes of this slice's values, decoded once when they are ASCII (the common case).
      const base = (offsets[0] as number) ?? 0;
      const top = (offsets[n] as number) ?? base;
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset + base, top - base);
      const ascii = isAscii(buf);
      const all = ascii ? buf.toString('latin1') : '';
      for (let i = 0; i < n; i++) {
        if (!valid(i)) {
          out[i] = '';
          continue;
        }
        const s = (offsets[i] as number) - base;
        const e = (offsets[i + 1] as number) - base;
        const text = ascii ? all.substring(s, e) : buf.toString('utf8', s, e);
        out[i] = quote(text, needsQuotes);
      }
      return;
    }
    case Type.Int: {
      if (t.bitWidth === 64) {
        const big = data.values as BigInt64Array;
        const halves = new Int32Array(big.buffer, big.byteOffset, big.length * 2);
        const signed = t.isSigned;
        for (let i = 0; i < n; i++) {
          if (!valid(i)) {
            out[i] = '';
            continue;
          }
          const j = i;
          const hi = halves[2 * j + 1] as number;
          // Up to 2^53 the two halves give the exact number; beyond, BigInt does.
          if (signed && hi >= -2097152 && hi < 2097152)
            out[i] = String(hi * TWO32 + ((halves[2 * j] as number) >>> 0));
          else out[i] = String(big[j]);
        }
        return;
      }
      for (let i = 0; i < n; i++) out[i] = valid(i) ? String((values as ArrayLike<number>)[i]) : '';
      return;
    }
    case Type.Float: {
      if (t.precision === 0) {
        // float16 is stored as bits: get() decodes them (exactly, -0 included).
        const vector = makeVector(data);
        for (let i = 0; i < n; i++) out[i] = valid(i) ? formatFloat(vector.get(i) as number) : '';
        return;
      }
      for (let i = 0; i < n; i++)
        out[i] = valid(i) ? formatFloat((values as ArrayLike<number>)[i] as number) : '';
      return;
    }
    case Type.Bool: {
      const bits = data.values as Uint8Array;
      for (let i = 0; i < n; i++) {
        const j = off + i;
        out[i] = valid(i) ? (((bits[j >> 3] as number) >> (j & 7)) & 1 ? 'true' : 'false') : '';
      }
      return;
    }
    case Type.Date: {
      if (t.unit === DateUnit.DAY) {
        for (let i = 0; i < n; i++) out[i] = valid(i) ? formatDate((values as Int32Array)[i] as number) : '';
      } else formatDate64s(data as Data<DateMillisecond>, out, valid);
      return;
    }
    case Type.Timestamp:
      formatTimestamps(data as Data<Timestamp>, out, valid);
      return;
    case Type.Decimal:
      formatDecimals(data as Data<Decimal>, out, valid);
      return;
    case Type.Dictionary: {
      const dict = (data as Data<Dictionary>).dictionary;
      if (!dict) break;
      const texts: string[] = [];
      for (const chunk of dict.data) {
        const part = new Array<string>(chunk.length);
        formatColumn(chunk, part, needsQuotes);
        texts.push(...part);
      }
      for (let i = 0; i < n; i++)
        out[i] = valid(i) ? (texts[Number((values as ArrayLike<number>)[i])] ?? '') : '';
      return;
    }
  }
  const vector = makeVector(data);
  for (let i = 0; i < n; i++) {
    // A union has no validity bitmap: its nulls are its children's, which get() gives as null.
    const value: unknown = valid(i) ? vector.get(i) : null;
    out[i] = value === null || value === undefined ? '' : quote(textOf(value), needsQuotes);
  }
}

/** Below 2^43 a double's ulp is under 1/512, far finer than the hundredths tried in {@link formatFloat}. */
const TWO43 = 8796093022208;

/**
 * `String(v)` (with `-0` kept), faster for values with at most two decimals such as prices. When k / 100
 * rounds to v for the integer k = round(v * 100), the decimal k / 100 reads back as v; no other decimal
 * with as few digits does (two such decimals differ by 0.01 or more, more than an ulp here), so it is the
 * shortest one, which is what `String` prints. Checked against `String` in test/formats/csv.test.ts.
 */
export function formatFloat(v: number): string {
  if (v > -TWO43 && v < TWO43) {
    const k = Math.round(v * 100);
    if (k / 100 === v && k !== 0) {
      const a = k < 0 ? -k : k;
      const whole = Math.floor(a / 100);
      const cents = a - whole * 100;
      const head = k < 0 ? `-${whole}` : `${whole}`;
      if (cents === 0) return head;
      if (cents % 10 === 0) return `${head}.${cents / 10}`;
      return cents < 10 ? `${head}.0${cents}` : `${head}.${cents}`;
    }
  }
  return Object.is(v, -0) ? '-0' : String(v);
}

/** The CSV field for a text: quoted when it holds a delimiter, a quote or a line end, or is empty. */
export function quote(text: string, needsQuotes: RegExp): string {
  if (text.length === 0) return '""';
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? '';
}

function validityOf(data: Data): (i: number) => boolean {
  // A Null column has no bitmap, and its null count is -1 (not counted) once sliced, or 0 once arrow-js has
  // padded it (Data#_changeLengthAndBackfillNullBitmap): every value is null whatever these say.
  if (data.typeId === Type.Null) return () => false;
  const bitmap = data.nullBitmap;
  if (!data.nullCount || !bitmap || bitmap.length === 0) return () => true;
  const off = data.offset;
  return (i) => (((bitmap[(off + i) >> 3] as number) >> ((off + i) & 7)) & 1) === 1;
}
