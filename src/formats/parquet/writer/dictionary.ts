import type { PackedValues } from './column-values.js';
import { BytesDictionary } from './dictionary-bytes.js';
import { INITIAL_SLOTS, mix } from './dictionary-hash.js';

/** Plain-encoded dictionary size at which arrow-rs falls back to plain pages (its dictionary page limit). */
export const DICTIONARY_LIMIT = 1024 * 1024;

/** The dictionary and indices of the values encoded so far. */
export interface DictionaryEncoded {
  /** The distinct values, in order of first appearance. */
  readonly dictionary: PackedValues;
  /** Index of each encoded value in `dictionary` (the first `encoded` entries hold them). */
  readonly indices: Int32Array;
  /** Values encoded; the rest (from `encoded` on) are written plain, as arrow-rs does on overflow. */
  readonly encoded: number;
}

/**
 * Dictionary-encodes a chunk's values a stretch at a time, so that the caller can stop where arrow-rs stops:
 * it checks its dictionary's size only after each mini-batch of values (see page-plan.ts), and keeps the
 * values of that mini-batch even when they take the dictionary past {@link DICTIONARY_LIMIT}.
 */
export interface DictionaryEncoder {
  /** Encodes the values up to `end` (exclusive), from where the previous call stopped. */
  encodeTo(end: number): void;
  /** Plain-encoded size of the dictionary so far, in bytes: the size arrow-rs compares with its limit. */
  readonly size: number;
  /** The dictionary and the indices of the values encoded so far. */
  result(): DictionaryEncoded;
}

/**
 * A dictionary encoder over packed values, hashing their raw bytes (32-bit words for fixed-width values, so
 * floats compare by bit pattern: NaN payloads and -0 stay distinct, as in arrow-rs).
 */
export function createDictionaryEncoder(values: PackedValues): DictionaryEncoder {
  if (values.kind === 'bytes') return new BytesDictionary(values);
  if (values.kind === 'bool') throw new RangeError('booleans are never dictionary-encoded');
  return new WordsDictionary(values.words, values.width / 4, values.count);
}

/** Values of `stride` 32-bit words (1 or 2); the dictionary's plain size is its entries times their width. */
class WordsDictionary implements DictionaryEncoder {
  private readonly indices: Int32Array;
  private mask = INITIAL_SLOTS - 1;
  private slots = new Int32Array(INITIAL_SLOTS).fill(-1);
  private dict: Int32Array;
  private entries = 0;
  private encoded = 0;

  constructor(
    private readonly words: Int32Array,
    private readonly stride: number,
    count: number,
  ) {
    this.indices = new Int32Array(count);
    this.dict = new Int32Array(256 * stride);
  }

  get size(): number {
    return this.entries * this.stride * 4;
  }

  encodeTo(end: number): void {
    const { words, stride, indices } = this;
    // The hot loop reads the table from locals, reloaded only when a new entry may have grown it.
    let { mask, slots, dict } = this;
    for (let i = this.encoded; i < end; i++) {
      const lo = words[i * stride]!;
      const hi = stride === 2 ? words[i * stride + 1]! : 0;
      let h = mix(lo, hi) & mask;
      let s: number;
      for (;;) {
        s = slots[h]!;
        if (s < 0) break;
        if (dict[s * stride] === lo && (stride === 1 || dict[s * stride + 1] === hi)) break;
        h = (h + 1) & mask;
      }
      if (s < 0) {
        s = this.add(h, lo, hi);
        ({ mask, slots, dict } = this);
      }
      indices[i] = s;
    }
    this.encoded = Math.max(this.encoded, end);
  }

  private add(slot: number, lo: number, hi: number): number {
    const { stride } = this;
    if ((this.entries + 1) * stride > this.dict.length) {
      const grown = new Int32Array(this.dict.length * 2);
      grown.set(this.dict);
      this.dict = grown;
    }
    const s = this.entries++;
    this.dict[s * stride] = lo;
    if (stride === 2) this.dict[s * stride + 1] = hi;
    this.slots[slot] = s;
    if (this.entries * 2 > this.mask) this.rehash();
    return s;
  }

  private rehash(): void {
    const { stride, dict } = this;
    this.mask = this.mask * 2 + 1;
    const slots = new Int32Array(this.mask + 1).fill(-1);
    for (let s = 0; s < this.entries; s++) {
      let h = mix(dict[s * stride]!, stride === 2 ? dict[s * stride + 1]! : 0) & this.mask;
      while (slots[h]! >= 0) h = (h + 1) & this.mask;
      slots[h] = s;
    }
    this.slots = slots;
  }

  result(): DictionaryEncoded {
    const width = (this.stride * 4) as 4 | 8;
    const words = this.dict.subarray(0, this.entries * this.stride);
    return {
      dictionary: { kind: 'fixed', width, words, count: this.entries },
      indices: this.indices,
      encoded: this.encoded,
    };
  }
}
