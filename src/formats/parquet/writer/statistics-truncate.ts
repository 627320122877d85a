import type { LeafSchema } from './schema.js';
import type { MinMax } from './statistics.js';

/**
 * Longest byte-array min/max written, in the footer's statistics and in the column index; longer ones are
 * truncated (max rounded up), as arrow-rs does (its `statistics_truncate_length` and
 * `column_index_truncate_length`).
 */
export const STATISTICS_TRUNCATE = 64;

/**
 * A byte-array min/max cut to {@link STATISTICS_TRUNCATE} bytes as arrow-rs 59.3 cuts it (checked value
 * for value against parquet-wasm in test/formats/parquet-js-writer-page-index.test.ts); other types are left
 * whole. Strings (the UTF-8 annotation, not the bytes, decides) are cut at a character boundary and the
 * max's last character that can be incremented without changing its UTF-8 length is; binaries are cut at 64
 * bytes and the max incremented as a big-endian number. A value that cannot be rounded up stays whole (and
 * exact).
 */
export function truncateMinMax(minMax: MinMax, leaf: LeafSchema): MinMax {
  if (leaf.order !== 'bytes') return minMax;
  const text = leaf.logical?.kind === 'string';
  const min = truncateMin(minMax.min, text);
  const max = truncateMax(minMax.max, text);
  return {
    min: min ?? minMax.min,
    minExact: min ? false : minMax.minExact,
    max: max ?? minMax.max,
    maxExact: max ? false : minMax.maxExact,
  };
}

/** The min cut short, or `undefined` when it is kept whole. */
function truncateMin(min: Uint8Array, text: boolean): Uint8Array | undefined {
  if (min.length <= STATISTICS_TRUNCATE) return undefined;
  if (!text) return min.slice(0, STATISTICS_TRUNCATE);
  const end = charStart(min, STATISTICS_TRUNCATE, 1);
  return end === undefined ? undefined : min.slice(0, end);
}

/** The max cut short and rounded up, or `undefined` when it is kept whole. */
function truncateMax(max: Uint8Array, text: boolean): Uint8Array | undefined {
  if (max.length <= STATISTICS_TRUNCATE) return undefined;
  if (!text) return incrementBytes(max.slice(0, STATISTICS_TRUNCATE));
  // A character is at most 4 bytes: arrow-rs looks for the cut among the last 4 positions only.
  const end = charStart(max, STATISTICS_TRUNCATE, STATISTICS_TRUNCATE - 3);
  return end === undefined ? undefined : incrementText(max.subarray(0, end));
}

/** The last position in `[lowest, limit]` where a UTF-8 character starts (or the text ends). */
function charStart(bytes: Uint8Array, limit: number, lowest: number): number | undefined {
  for (let at = limit; at >= lowest; at--) {
    if (at === bytes.length || (bytes[at]! & 0xc0) !== 0x80) return at;
  }
  return undefined;
}

/**
 * Increments the last character that stays a character of the same UTF-8 length once incremented (not a
 * surrogate, not past U+10FFFF), dropping the characters after it; `undefined` when none does.
 */
function incrementText(bytes: Uint8Array): Uint8Array | undefined {
  let end = bytes.length;
  while (end > 0) {
    let start = end - 1;
    while (start > 0 && (bytes[start]! & 0xc0) === 0x80) start--;
    const code = new TextDecoder().decode(bytes.subarray(start, end)).codePointAt(0)!;
    const next = code + 1;
    if (next <= 0x10ffff && (next < 0xd800 || next > 0xdfff)) {
      const encoded = new TextEncoder().encode(String.fromCodePoint(next));
      if (encoded.length === end - start) {
        const out = bytes.slice(0, end);
        out.set(encoded, start);
        return out;
      }
    }
    end = start;
  }
  return undefined;
}

/** Adds one to the bytes as a big-endian number (0xff wraps to 0 and carries); `undefined` on overflow. */
function incrementBytes(bytes: Uint8Array): Uint8Array | undefined {
  for (let k = bytes.length - 1; k >= 0; k--) {
    if (bytes[k] !== 0xff) {
      bytes[k]!++;
      return bytes;
    }
    bytes[k] = 0;
  }
  return undefined;
}
