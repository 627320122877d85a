import type { Data, Table } from 'apache-arrow';

/**
 * True when a buffer of `table` (values, offsets, validity bitmaps, type ids, children, dictionaries) is a
 * view of `buffer`. A codec may decode without copying (Feather's columns are views of the file's bytes), so
 * only a table that shares nothing with its input bytes lets those bytes go early.
 */
export function tableUsesBuffer(table: Table, buffer: ArrayBufferLike): boolean {
  const seen = new Set<Data>();
  const uses = (data: Data | undefined): boolean => {
    if (!data || seen.has(data)) return false;
    seen.add(data);
    for (const part of [data.values, data.valueOffsets, data.nullBitmap, data.typeIds] as unknown[]) {
      if (ArrayBuffer.isView(part) && part.buffer === buffer) return true;
    }
    if (data.children.some(uses)) return true;
    return data.dictionary ? data.dictionary.data.some(uses) : false;
  };
  return table.batches.some((batch) => uses(batch.data));
}
