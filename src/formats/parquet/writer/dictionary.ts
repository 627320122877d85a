import type { PackedValues } from './column-values.js';

/** Largest plain-encoded dictionary of a column chunk, in bytes (arrow-rs's dictionary page limit). */
export const DICTIONARY_LIMIT = 1024 * 1024;

/** A column chunk's values as dictionary indices, up to where the dictionary outgrew its limit. */
export interface DictionaryEncoded {
  /** The distinct values, in order of first appearance. */
  readonly dictionary: PackedValues;
  /** Index of each value in `dictionary`, for the first `encoded` values. */
  readonly indices: Int32Array;
  /** Values encoded; the rest (from `encoded` on) are written plain, as arrow-rs does on overflow. */
  readonly encoded: number;
}

const INITIAL_SLOTS = 1024;

/**
 * Dictionary-encodes packed values with an open-addressing hash table over their raw bytes (32-bit words for
 * fixed-width values, so floats compare by bit pattern: NaN payloads and -0 stay distinct, as in arrow-rs).
 * Stops at the first value that would take the plain-encoded dictionary past `limit` bytes.
 */
export function dictionaryEncode(values: PackedValues, limit: number = DICTIONARY_LIMIT): DictionaryEncoded {
  if (values.kind === 'bytes') return encodeBytes(values, limit);
  if (values.kind === 'bool') throw new RangeError('booleans are never dictionary-encoded');
  return encodeWords(values.words, values.width / 4, values.count, limit);
}

function mix(a: number, b: number): number {
  const h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  return h ^ (h >>> 15);
}

/** Values of `stride` 32-bit words (1 or 2). */
function encodeWords(words: Int32Array, stride: number, count: number, limit: number): DictionaryEncoded {
  const indices = new Int32Array(count);
  let mask = INITIAL_SLOTS - 1;
  let slots: Int32Array = new Int32Array(INITIAL_SLOTS).fill(-1);
  let dict = new Int32Array(256 * stride);
  let size = 0;
  const maxEntries = Math.floor(limit / (stride * 4));
  let i = 0;
  for (; i < count; i++) {
    const lo = words[i * stride]!;
    const hi = stride === 2 ? words[i * stride + 1]! : 0;
    let h = mix(lo, hi) & mask;
    for (;;) {
      const s = slots[h]!;
      if (s < 0) break;
      if (dict[s * stride] === lo && (stride === 1 || dict[s * stride + 1] === hi)) break;
      h = (h + 1) & mask;
    }
    let s = slots[h]!;
    if (s < 0) {
      if (size === maxEntries) break;
      if ((size + 1) * stride > dict.length) {
        const grown = new Int32Array(dict.length * 2);
        grown.set(dict);
        dict = grown;
      }
      s = size++;
      dict[s * stride] = lo;
      if (stride === 2) dict[s * stride + 1] = hi;
      slots[h] = s;
      if (size * 2 > mask) {
        mask = mask * 2 + 1;
        slots = rehash(dict, stride, size, mask);
      }
    }
    indices[i] = s;
  }
  const width = (stride * 4) as 4 | 8;
  return {
    dictionary: { kind: 'fixed', width, words: dict.subarray(0, size * stride), count: size },
    indices,
    encoded: i,
  };
}

function rehash(dict: Int32Array, stride: number, size: number, mask: number): Int32Array {
  const slots = new Int32Array(mask + 1).fill(-1);
  for (let s = 0; s < size; s++) {
    let h = mix(dict[s * stride]!, stride === 2 ? dict[s * stride + 1]! : 0) & mask;
    while (slots[h]! >= 0) h = (h + 1) & mask;
    slots[h] = s;
  }
  return slots;
}

function hashBytes(data: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  let k = start;
  for (; k + 4 <= end; k += 4) {
    const w = data[k]! | (data[k + 1]! << 8) | (data[k + 2]! << 16) | (data[k + 3]! << 24);
    h = Math.imul(h ^ w, 0x01000193);
    h ^= h >>> 13;
  }
  for (; k < end; k++) h = Math.imul(h ^ data[k]!, 0x01000193);
  return mix(h, end - start);
}

function encodeBytes(values: Extract<PackedValues, { kind: 'bytes' }>, limit: number): DictionaryEncoded {
  const { offsets, data, count } = values;
  const indices = new Int32Array(count);
  let mask = INITIAL_SLOTS - 1;
  let slots = new Int32Array(INITIAL_SLOTS).fill(-1);
  let hashes = new Int32Array(INITIAL_SLOTS);
  let dictOffsets = new Int32Array(257);
  let dictData = new Uint8Array(4096);
  let size = 0;
  let bytes = 0; // plain-encoded size: 4-byte length + bytes per entry
  let i = 0;
  for (; i < count; i++) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    const n = end - start;
    const hash = hashBytes(data, start, end);
    let h = hash & mask;
    let s = -1;
    for (;;) {
      s = slots[h]!;
      if (s < 0) break;
      if (hashes[s] === hash && sameBytes(data, start, n, dictData, dictOffsets[s]!, dictOffsets[s + 1]!))
        break;
      h = (h + 1) & mask;
    }
    if (s < 0) {
      if (bytes + 4 + n > limit && size > 0) break;
      bytes += 4 + n;
      s = size++;
      if (size + 1 > dictOffsets.length) {
        const grown = new Int32Array(dictOffsets.length * 2);
        grown.set(dictOffsets);
        dictOffsets = grown;
      }
      const at = dictOffsets[s]!;
      if (at + n > dictData.length) {
        const grown = new Uint8Array(Math.max(dictData.length * 2, at + n));
        grown.set(dictData.subarray(0, at));
        dictData = grown;
      }
      for (let k = 0; k < n; k++) dictData[at + k] = data[start + k]!;
      dictOffsets[s + 1] = at + n;
      if (s >= hashes.length) {
        const grown = new Int32Array(hashes.length * 2);
        grown.set(hashes);
        hashes = grown;
      }
      hashes[s] = hash;
      slots[h] = s;
      if (size * 2 > mask) {
        mask = mask * 2 + 1;
        slots = new Int32Array(mask + 1).fill(-1);
        for (let e = 0; e < size; e++) {
          let g = hashes[e]! & mask;
          while (slots[g]! >= 0) g = (g + 1) & mask;
          slots[g] = e;
        }
      }
    }
    indices[i] = s;
  }
  return {
    dictionary: { kind: 'bytes', offsets: dictOffsets.subarray(0, size + 1), data: dictData, count: size },
    indices,
    encoded: i,
  };
}

function sameBytes(
  a: Uint8Array,
  aStart: number,
  n: number,
  b: Uint8Array,
  bStart: number,
  bEnd: number,
): boolean {
  if (bEnd - bStart !== n) return false;
  for (let k = 0; k < n; k++) if (a[aStart + k] !== b[bStart + k]) return false;
  return true;
}
