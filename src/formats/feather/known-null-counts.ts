import { Data, makeVector, Type } from 'apache-arrow';

/**
 * `data` with its null count known, and its children's and its dictionary's. apache-arrow keeps -1 ("not
 * counted yet") after a slice and counts from the validity bitmap when asked; a `Null`-typed column has no
 * bitmap, so its count stays -1, and apache-arrow's IPC writer puts that -1 in the file, where arrow-rs (and so
 * parquet-wasm) rejects it: "NullArray has unequal null_count -1 and len 1". Returns `data` itself when every
 * count is known already, so tables without such columns are handed over untouched.
 */
export function withKnownNullCounts(data: Data): Data {
  let changed = false;
  // apache-arrow leaves `children` undefined on some empty columns.
  const children = (data.children ?? []).map((child) => {
    const known = withKnownNullCounts(child);
    if (known !== child) changed = true;
    return known;
  });
  let dictionary = data.dictionary;
  if (dictionary) {
    const chunks = dictionary.data.map(withKnownNullCounts);
    if (chunks.some((chunk, i) => chunk !== dictionary?.data[i])) {
      dictionary = makeVector(chunks);
      changed = true;
    }
  }
  // The getter counts from the bitmap when there is one: -1 remains only where there is none.
  let nullCount = data.nullCount;
  if (nullCount < 0) {
    nullCount = data.typeId === Type.Null ? data.length : 0;
    changed = true;
  }
  if (!changed) return data;
  return new Data(
    data.type,
    data.offset,
    data.length,
    nullCount,
    data,
    data.children && children,
    dictionary,
  );
}
