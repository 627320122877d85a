import type { PackedValues } from './column-values.js';
import type { DictionaryEncoded, DictionaryEncoder } from './dictionary.js';
import { hashBytes, INITIAL_SLOTS } from './dictionary-hash.js';

type Bytes = Extract<PackedValues, { kind: 'bytes' }>;

/** Byte-array values; the dictionary's plain size is each entry's bytes plus its 4-byte length. */
export class BytesDictionary implements DictionaryEncoder {
  private readonly indices: Int32Array;
  private mask = INITIAL_SLOTS - 1;
  private slots = new Int32Array(INITIAL_SLOTS).fill(-1);
  private hashes = new Int32Array(INITIAL_SLOTS);
  private dictOffsets = new Int32Array(257);
  private dictData = new Uint8Array(4096);
  private entries = 0;
  private encoded = 0;
  size = 0;

  constructor(private readonly values: Bytes) {
    this.indices = new Int32Array(values.count);
  }

  encodeTo(end: number): void {
    const { offsets, data } = this.values;
    const { indices } = this;
    // The hot loop reads the table from locals, reloaded only when a new entry may have grown it.
    let { mask, slots, hashes } = this;
    for (let i = this.encoded; i < end; i++) {
      const start = offsets[i]!;
      const stop = offsets[i + 1]!;
      const hash = hashBytes(data, start, stop);
      let h = hash & mask;
      let s: number;
      for (;;) {
        s = slots[h]!;
        if (s < 0) break;
        if (hashes[s] === hash && this.same(start, stop, s)) break;
        h = (h + 1) & mask;
      }
      if (s < 0) {
        s = this.add(h, hash, start, stop);
        ({ mask, slots, hashes } = this);
      }
      indices[i] = s;
    }
    this.encoded = Math.max(this.encoded, end);
  }

  private same(start: number, stop: number, entry: number): boolean {
    const { data } = this.values;
    const at = this.dictOffsets[entry]!;
    const n = stop - start;
    if (this.dictOffsets[entry + 1]! - at !== n) return false;
    const dict = this.dictData;
    for (let k = 0; k < n; k++) if (data[start + k] !== dict[at + k]) return false;
    return true;
  }

  private add(slot: number, hash: number, start: number, stop: number): number {
    const n = stop - start;
    this.size += 4 + n;
    const s = this.entries++;
    if (s + 2 > this.dictOffsets.length) {
      const grown = new Int32Array(this.dictOffsets.length * 2);
      grown.set(this.dictOffsets);
      this.dictOffsets = grown;
    }
    const at = this.dictOffsets[s]!;
    if (at + n > this.dictData.length) {
      const grown = new Uint8Array(Math.max(this.dictData.length * 2, at + n));
      grown.set(this.dictData.subarray(0, at));
      this.dictData = grown;
    }
    // A loop: most values are short, where it beats subarray() + set().
    const { data } = this.values;
    const dict = this.dictData;
    for (let k = 0; k < n; k++) dict[at + k] = data[start + k]!;
    this.dictOffsets[s + 1] = at + n;
    if (s >= this.hashes.length) {
      const grown = new Int32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[s] = hash;
    this.slots[slot] = s;
    if (this.entries * 2 > this.mask) this.rehash();
    return s;
  }

  private rehash(): void {
    this.mask = this.mask * 2 + 1;
    const slots = new Int32Array(this.mask + 1).fill(-1);
    for (let e = 0; e < this.entries; e++) {
      let g = this.hashes[e]! & this.mask;
      while (slots[g]! >= 0) g = (g + 1) & this.mask;
      slots[g] = e;
    }
    this.slots = slots;
  }

  result(): DictionaryEncoded {
    const offsets = this.dictOffsets.subarray(0, this.entries + 1);
    return {
      dictionary: { kind: 'bytes', offsets, data: this.dictData, count: this.entries },
      indices: this.indices,
      encoded: this.encoded,
    };
  }
}
