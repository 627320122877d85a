import { type Data, Type } from 'apache-arrow';

/** Whether row `i` of a column holds a value (false: null), from its validity bitmap. */
export type ValidRows = (i: number) => boolean;

/** The {@link ValidRows} of `data`, offset of a sliced column included. */
export function validRows(data: Data): ValidRows {
  // A Null column has no bitmap, and its null count is -1 (not counted) once sliced, or 0 once arrow-js has
  // padded it (Data#_changeLengthAndBackfillNullBitmap): every value is null whatever these say.
  if (data.typeId === Type.Null) return () => false;
  const bitmap = data.nullBitmap;
  if (!data.nullCount || !bitmap || bitmap.length === 0) return () => true;
  const off = data.offset;
  return (i) => (((bitmap[(off + i) >> 3] as number) >> ((off + i) & 7)) & 1) === 1;
}
