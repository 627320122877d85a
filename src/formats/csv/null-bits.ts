import { type Data, type DataType, makeData } from 'apache-arrow';

// Null tracking for column builders: a bit is set for each null row only, so that the common case (no
// nulls, no validity bitmap at all) costs no bit write per value.

/** A zeroed bitmap of `rows` bits. */
export function bitmap(rows: number): Uint8Array {
  return new Uint8Array((rows + 7) >> 3);
}

/** Sets bit `i`. */
export function setBit(bits: Uint8Array, i: number): void {
  bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
}

/**
 * The Arrow validity bitmap for `nulls` (a bit set per null row): a bit set per non-null row and none past
 * `rows`; null when nothing is null.
 */
export function validityOf(nulls: Uint8Array, rows: number, nullCount: number): Uint8Array | null {
  if (nullCount === 0) return null;
  const validity = new Uint8Array(nulls.length);
  for (let i = 0; i < nulls.length; i++) validity[i] = ~(nulls[i] as number) & 0xff;
  if (rows & 7)
    validity[validity.length - 1] = (validity[validity.length - 1] as number) & ((1 << (rows & 7)) - 1);
  return validity;
}

/** A fixed-width column's Arrow data: `values`, with the validity bitmap of `nulls` (a bit set per null row). */
export function fixedWidthData(
  type: DataType,
  rows: number,
  nulls: Uint8Array,
  nullCount: number,
  values: ArrayBufferView,
): Data {
  return makeData({
    type,
    length: rows,
    nullCount,
    nullBitmap: validityOf(nulls, rows, nullCount),
    data: values,
  } as never);
}
