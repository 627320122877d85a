import type { Data, Vector } from 'apache-arrow';
import type { LeafSchema } from './schema.js';

/** The non-null values of a column chunk, packed, in the layout their encoders read. */
export type PackedValues =
  /** Little-endian words: 1 per INT32/FLOAT value, 2 per INT64/DOUBLE value. */
  | { readonly kind: 'fixed'; readonly width: 4 | 8; readonly words: Int32Array; readonly count: number }
  /** One byte, 0 or 1, per value. */
  | { readonly kind: 'bool'; readonly bits: Uint8Array; readonly count: number }
  /** Value `i` is `data[offsets[i]..offsets[i + 1])`. */
  | {
      readonly kind: 'bytes';
      readonly offsets: Int32Array;
      readonly data: Uint8Array;
      readonly count: number;
    };

/** One column's rows of one row group, ready to encode. */
export interface ColumnValues {
  readonly rows: number;
  readonly nullCount: number;
  /** One byte per row, 1 where the value is present; absent when no row is null. */
  readonly defined?: Uint8Array;
  readonly values: PackedValues;
}

/** Arrow `Data` fields the gatherer reads, typed once here. */
interface Chunk {
  readonly length: number;
  readonly offset: number;
  readonly nullCount: number;
  readonly nullBitmap: Uint8Array | undefined;
  readonly values: ArrayLike<number | bigint> & ArrayBufferView;
  readonly valueOffsets: (ArrayLike<number | bigint> & ArrayBufferView) | undefined;
  readonly dictionary?: Vector;
}

/** Reads a chunk's row `i` (0-based in the chunk) into the builder. */
type Reader = (i: number) => void;

/**
 * Collects rows `[from, to)` of a column (its Arrow chunks in order) into {@link ColumnValues}. A range inside
 * one chunk without nulls is a view of the chunk's buffers (no copy) where the layout allows.
 */
export function gatherColumn(
  chunks: readonly Data[],
  from: number,
  to: number,
  leaf: LeafSchema,
): ColumnValues {
  const rows = to - from;
  const parts: { chunk: Chunk; start: number; end: number }[] = [];
  let base = 0;
  let nulls = 0;
  for (const data of chunks) {
    const chunk = data as unknown as Chunk;
    const start = Math.max(from - base, 0);
    const end = Math.min(to - base, chunk.length);
    if (start < end) {
      parts.push({ chunk, start, end });
      nulls += chunk.nullCount;
    }
    base += chunk.length;
    if (base >= to) break;
  }
  const only = parts.length === 1 ? parts[0]! : undefined;
  if (only && nulls === 0 && !leaf.dictionaryTyped) {
    const view = viewOf(only.chunk, only.start, only.end, leaf);
    if (view) return { rows, nullCount: 0, values: view };
  }
  if (nulls === 0 && !leaf.dictionaryTyped) {
    const joined = concatParts(parts, rows, leaf);
    if (joined) return { rows, nullCount: 0, values: joined };
  }
  const builder = new Builder(leaf, rows);
  for (const { chunk, start, end } of parts) {
    const read = leaf.dictionaryTyped
      ? dictionaryReader(chunk, builder, leaf)
      : readerOf(chunk, builder, leaf);
    const bitmap = chunk.nullCount > 0 ? chunk.nullBitmap : undefined;
    for (let i = start; i < end; i++) {
      if (bitmap && ((bitmap[(chunk.offset + i) >> 3]! >> ((chunk.offset + i) & 7)) & 1) === 0) {
        builder.null();
      } else read(i);
    }
  }
  return builder.finish();
}

/** The values of rows `[start, end)` of a chunk without nulls, as a view, or undefined when a copy is needed. */
function viewOf(chunk: Chunk, start: number, end: number, leaf: LeafSchema): PackedValues | undefined {
  const count = end - start;
  if (leaf.width !== 0 && leaf.source === 'raw') {
    const v = chunk.values;
    const at = v.byteOffset + start * leaf.width;
    if (at % 4 !== 0) return undefined;
    const words = new Int32Array(v.buffer, at, (count * leaf.width) / 4);
    return { kind: 'fixed', width: leaf.width, words, count };
  }
  if (leaf.width === 0 && leaf.physical === 6 && chunk.valueOffsets instanceof Int32Array) {
    const offsets = chunk.valueOffsets.subarray(start, end + 1);
    return { kind: 'bytes', offsets, data: chunk.values as Uint8Array, count };
  }
  return undefined;
}

/** Rows of several chunks without nulls, copied buffer by buffer rather than value by value. */
function concatParts(
  parts: readonly { chunk: Chunk; start: number; end: number }[],
  rows: number,
  leaf: LeafSchema,
): PackedValues | undefined {
  if (leaf.width !== 0 && leaf.source === 'raw') {
    const words = new Int32Array((rows * leaf.width) / 4);
    const bytes = new Uint8Array(words.buffer);
    let at = 0;
    for (const { chunk, start, end } of parts) {
      const v = chunk.values;
      const n = (end - start) * leaf.width;
      bytes.set(new Uint8Array(v.buffer, v.byteOffset + start * leaf.width, n), at);
      at += n;
    }
    return { kind: 'fixed', width: leaf.width, words, count: rows };
  }
  if (leaf.physical === 0) {
    const bits = new Uint8Array(rows);
    let at = 0;
    for (const { chunk, start, end } of parts) {
      const source = chunk.values as Uint8Array;
      for (let i = start + chunk.offset, e = end + chunk.offset; i < e; i++)
        bits[at++] = (source[i >> 3]! >> (i & 7)) & 1;
    }
    return { kind: 'bool', bits, count: rows };
  }
  if (leaf.physical === 6) {
    let total = 0;
    for (const { chunk, start, end } of parts) {
      const o = chunk.valueOffsets!;
      total += Number(o[end]) - Number(o[start]);
    }
    const offsets = new Int32Array(rows + 1);
    const data = new Uint8Array(total);
    let row = 0;
    let at = 0;
    for (const { chunk, start, end } of parts) {
      const o = chunk.valueOffsets!;
      const first = Number(o[start]);
      data.set((chunk.values as Uint8Array).subarray(first, Number(o[end])), at);
      if (o instanceof Int32Array) {
        const shift = at - first;
        for (let i = start; i < end; i++) offsets[++row] = o[i + 1]! + shift;
      } else for (let i = start; i < end; i++) offsets[++row] = Number(o[i + 1]) - first + at;
      at += Number(o[end]) - first;
    }
    return { kind: 'bytes', offsets, data, count: rows };
  }
  return undefined;
}

function readerOf(chunk: Chunk, builder: Builder, leaf: LeafSchema): Reader {
  const v = chunk.values;
  if (leaf.width !== 0) {
    if (leaf.source !== 'raw') {
      const narrow = v as ArrayLike<number>;
      return (i) => builder.word(narrow[i]!);
    }
    const bytes = chunk.length * leaf.width;
    const words =
      v.byteOffset % 4 === 0
        ? new Int32Array(v.buffer, v.byteOffset, bytes / 4)
        : new Int32Array(v.buffer.slice(v.byteOffset, v.byteOffset + bytes));
    return leaf.width === 4
      ? (i) => builder.word(words[i]!)
      : (i) => builder.pair(words[2 * i]!, words[2 * i + 1]!);
  }
  if (leaf.physical === 0) {
    const bits = v as Uint8Array;
    return (i) => builder.bit((bits[(chunk.offset + i) >> 3]! >> ((chunk.offset + i) & 7)) & 1);
  }
  const offsets = chunk.valueOffsets!;
  const data = v as Uint8Array;
  return (i) => builder.bytes(data, Number(offsets[i]), Number(offsets[i + 1]));
}

/** A reader of a dictionary-typed chunk: each row's index looks up the dictionary's value (null if either is). */
function dictionaryReader(chunk: Chunk, builder: Builder, leaf: LeafSchema): Reader {
  const dictionary = chunk.dictionary!;
  const parts = dictionary.data as unknown as Chunk[];
  const starts: number[] = [];
  let total = 0;
  const readers = parts.map((part) => {
    starts.push(total);
    total += part.length;
    return readerOf(part, builder, leaf);
  });
  const indices = chunk.values;
  return (i) => {
    const index = Number(indices[i]);
    let p = 0;
    while (p + 1 < parts.length && starts[p + 1]! <= index) p++;
    const part = parts[p]!;
    const at = index - starts[p]!;
    if (part.nullCount > 0 && part.nullBitmap) {
      const bit = part.offset + at;
      if (((part.nullBitmap[bit >> 3]! >> (bit & 7)) & 1) === 0) {
        builder.null();
        return;
      }
    }
    readers[p]!(at);
  };
}

/** Packs values row by row (the copying path: nulls, several chunks, narrow integers, dictionaries). */
class Builder {
  private readonly defined: Uint8Array;
  private row = 0;
  private count = 0;
  private words: Int32Array;
  private bits: Uint8Array;
  private offsets: Int32Array;
  private data: Uint8Array;
  private dataLength = 0;

  constructor(
    private readonly leaf: LeafSchema,
    rows: number,
  ) {
    this.defined = new Uint8Array(rows);
    this.words = new Int32Array(leaf.width === 0 ? 0 : (rows * leaf.width) / 4);
    this.bits = new Uint8Array(leaf.physical === 0 ? rows : 0);
    this.offsets = new Int32Array(leaf.physical === 6 ? rows + 1 : 0);
    this.data = new Uint8Array(leaf.physical === 6 ? Math.max(rows * 8, 64) : 0);
  }

  null(): void {
    this.row++;
  }

  word(w: number): void {
    this.words[this.count++] = w;
    this.defined[this.row++] = 1;
  }

  pair(lo: number, hi: number): void {
    this.words[2 * this.count] = lo;
    this.words[2 * this.count + 1] = hi;
    this.count++;
    this.defined[this.row++] = 1;
  }

  bit(b: number): void {
    this.bits[this.count++] = b;
    this.defined[this.row++] = 1;
  }

  bytes(source: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (this.dataLength + n > this.data.length) {
      const grown = new Uint8Array(Math.max(this.data.length * 2, this.dataLength + n));
      grown.set(this.data.subarray(0, this.dataLength));
      this.data = grown;
    }
    if (n < 32) for (let k = 0; k < n; k++) this.data[this.dataLength + k] = source[start + k]!;
    else this.data.set(source.subarray(start, end), this.dataLength);
    this.dataLength += n;
    this.offsets[++this.count] = this.dataLength;
    this.defined[this.row++] = 1;
  }

  finish(): ColumnValues {
    const { leaf, count, row } = this;
    const nullCount = row - count;
    const values: PackedValues =
      leaf.width !== 0
        ? { kind: 'fixed', width: leaf.width, words: this.words.subarray(0, (count * leaf.width) / 4), count }
        : leaf.physical === 0
          ? { kind: 'bool', bits: this.bits.subarray(0, count), count }
          : { kind: 'bytes', offsets: this.offsets.subarray(0, count + 1), data: this.data, count };
    return nullCount > 0
      ? { rows: row, nullCount, defined: this.defined, values }
      : { rows: row, nullCount, values };
  }
}
