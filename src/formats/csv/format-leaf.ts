import {
  type Data,
  type DateMillisecond,
  DateUnit,
  type Decimal,
  makeVector,
  type Time,
  type Timestamp,
  Type,
} from 'apache-arrow';
import { formatDecimals } from './format-decimal.js';
import { formatFloat, formatFloat32 } from './format-float.js';
import { formatDate64s, formatTimes, formatTimestamps } from './format-time-column.js';
import { formatDate } from './scan-time.js';
import type { ValidRows } from './valid-rows.js';

const TWO32 = 4294967296;

/**
 * Writes the text of each value of a number, boolean, date, time, timestamp or decimal column into `out`
 * (null as an empty string), read straight from its buffers. These texts hold no quote, line end or comma
 * (but `.`, `:`, `-`, `+`, letters and digits). Returns false, writing nothing, for any other type.
 */
export function formatLeaf(data: Data, out: string[], valid: ValidRows): boolean {
  const n = data.length;
  const type = data.type;
  const t = type as unknown as { bitWidth?: number; isSigned?: boolean; precision?: number; unit?: number };
  const values = data.values as ArrayLike<number> | undefined;
  switch (type.typeId) {
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
          const hi = halves[2 * i + 1] as number;
          // Up to 2^53 the two halves give the exact number; beyond, BigInt does.
          if (signed && hi >= -2097152 && hi < 2097152)
            out[i] = String(hi * TWO32 + ((halves[2 * i] as number) >>> 0));
          else out[i] = String(big[i]);
        }
        return true;
      }
      for (let i = 0; i < n; i++) out[i] = valid(i) ? String((values as ArrayLike<number>)[i]) : '';
      return true;
    }
    case Type.Float: {
      if (t.precision === 0) {
        // float16 is stored as bits: get() decodes them (exactly, -0 included).
        const vector = makeVector(data);
        for (let i = 0; i < n; i++) out[i] = valid(i) ? formatFloat(vector.get(i) as number) : '';
      } else if (t.precision === 1) {
        for (let i = 0; i < n; i++)
          out[i] = valid(i) ? formatFloat32((values as ArrayLike<number>)[i] as number) : '';
      } else {
        for (let i = 0; i < n; i++)
          out[i] = valid(i) ? formatFloat((values as ArrayLike<number>)[i] as number) : '';
      }
      return true;
    }
    case Type.Bool: {
      // Boolean values stay a bitmap that starts at `data.offset` bits (other buffers are sliced).
      const bits = data.values as Uint8Array;
      const off = data.offset;
      for (let i = 0; i < n; i++) {
        const j = off + i;
        out[i] = valid(i) ? (((bits[j >> 3] as number) >> (j & 7)) & 1 ? 'true' : 'false') : '';
      }
      return true;
    }
    case Type.Date: {
      if (t.unit === DateUnit.DAY) {
        for (let i = 0; i < n; i++) out[i] = valid(i) ? formatDate((values as Int32Array)[i] as number) : '';
      } else formatDate64s(data as Data<DateMillisecond>, out, valid);
      return true;
    }
    case Type.Timestamp:
      formatTimestamps(data as Data<Timestamp>, out, valid);
      return true;
    case Type.Time:
      formatTimes(data as Data<Time>, out, valid);
      return true;
    case Type.Decimal:
      formatDecimals(data as Data<Decimal>, out, valid);
      return true;
    default:
      return false;
  }
}
