import type { PackedValues } from './column-values.js';
import type { SortOrder } from './schema.js';
import { compareBytes, exact, type MinMax, minMaxOf } from './statistics.js';

type Bytes = Extract<PackedValues, { kind: 'bytes' }>;

/**
 * Min and max of each data page's values, as arrow-rs keeps them for the column index and the chunk's
 * statistics. Pages of dictionary indices are read through the dictionary: each entry a page uses is compared
 * once per page rather than once per value, which keeps repeated values cheap.
 */
export class PageMinMax {
  private seen: Int32Array | undefined;
  private page = 0;

  constructor(
    private readonly values: PackedValues,
    private readonly order: SortOrder,
  ) {}

  /** Min and max of the plain values `[from, to)`; `undefined` when none counts (all null or NaN). */
  plain(from: number, to: number): MinMax | undefined {
    return minMaxOf(this.values, from, to, this.order);
  }

  /** Min and max of the values `[from, to)`, whose dictionary indices are `indices[from..to)`. */
  dictionary(dictionary: PackedValues, indices: Int32Array, from: number, to: number): MinMax | undefined {
    if (from >= to || dictionary.kind === 'bool') return undefined;
    if (!this.seen || this.seen.length < dictionary.count) this.seen = new Int32Array(dictionary.count);
    const seen = this.seen;
    const stamp = ++this.page;
    if (dictionary.kind === 'bytes') {
      let min = indices[from]!;
      let max = min;
      seen[min] = stamp;
      for (let i = from + 1; i < to; i++) {
        const e = indices[i]!;
        if (seen[e] === stamp) continue;
        seen[e] = stamp;
        if (compareEntries(dictionary, e, min) < 0) min = e;
        else if (compareEntries(dictionary, e, max) > 0) max = e;
      }
      const { offsets, data } = dictionary;
      return exact(
        data.slice(offsets[min]!, offsets[min + 1]!),
        data.slice(offsets[max]!, offsets[max + 1]!),
      );
    }
    // Fixed-width entries: the page's distinct ones gathered, then compared as plain values (NaN, ±0).
    const { words, width } = dictionary;
    const stride = width / 4;
    const gathered = new Int32Array(Math.min(to - from, dictionary.count) * stride);
    let count = 0;
    for (let i = from; i < to; i++) {
      const e = indices[i]!;
      if (seen[e] === stamp) continue;
      seen[e] = stamp;
      gathered[count * stride] = words[e * stride]!;
      if (stride === 2) gathered[count * stride + 1] = words[e * stride + 1]!;
      count++;
    }
    return minMaxOf({ kind: 'fixed', width, words: gathered, count }, 0, count, this.order);
  }
}

function compareEntries(d: Bytes, a: number, b: number): number {
  const { offsets, data } = d;
  return compareBytes(data, offsets[a]!, offsets[a + 1]!, data, offsets[b]!, offsets[b + 1]!);
}
