import { isUtf8 } from 'node:buffer';
import { type Data, type Table, Type } from 'apache-arrow';

/**
 * Checks that every buffer of a decoded table is as long as its type and length need, that offsets rise and
 * stay inside their data, that UTF-8 columns are valid UTF-8 and that dictionary indices exist.
 * apache-arrow decodes IPC lazily: without this, a corrupt file reads "fine" and then throws (or returns
 * garbage) when a value is first used, far from the file that caused it. Returns what is wrong, or undefined.
 */
export function validateTable(table: Table): string | undefined {
  for (const batch of table.batches) {
    for (let c = 0; c < batch.numCols; c++) {
      const data = batch.data.children[c];
      const name = table.schema.fields[c]?.name ?? String(c);
      if (!data) return `column ${JSON.stringify(name)} has no data`;
      const problem = validateData(data, data.length);
      if (problem) return `column ${JSON.stringify(name)}: ${problem}`;
    }
  }
  return undefined;
}

function validateData(data: Data, expected: number): string | undefined {
  const { offset, length, type } = data;
  if (length < expected) return `${length} values where ${expected} are needed`;
  const end = offset + length;
  const bitmap = data.nullBitmap as Uint8Array | undefined;
  if (bitmap && bitmap.length > 0 && bitmap.length < Math.ceil(end / 8))
    return 'the validity bitmap is too short';
  const values = data.values as ArrayLike<unknown> | undefined;
  switch (type.typeId) {
    case Type.Null:
      return undefined;
    case Type.Bool:
      return (values?.length ?? 0) < Math.ceil(end / 8) ? 'the values are too short' : undefined;
    case Type.Utf8:
    case Type.Binary:
    case Type.LargeUtf8:
    case Type.LargeBinary: {
      const problem = checkOffsets(
        data.valueOffsets as ArrayLike<number | bigint>,
        length,
        values?.length ?? 0,
      );
      if (problem) return problem;
      if ((type.typeId === Type.Utf8 || type.typeId === Type.LargeUtf8) && length > 0) {
        const offsets = data.valueOffsets as ArrayLike<number | bigint>;
        const bytes = values as Uint8Array;
        const from = Number(offsets[0]);
        const to = Number(offsets[length]);
        if (!isUtf8(bytes.subarray(from, to))) return 'a string is not valid UTF-8';
      }
      return undefined;
    }
    case Type.List:
    case Type.Map: {
      const child = data.children[0];
      if (!child) return 'the list has no child';
      const problem = checkOffsets(data.valueOffsets as ArrayLike<number | bigint>, length, child.length);
      return problem ?? validateData(child, 0);
    }
    case Type.FixedSizeList: {
      const child = data.children[0];
      if (!child) return 'the list has no child';
      return validateData(child, length * (type as unknown as { listSize: number }).listSize);
    }
    case Type.Struct: {
      for (const child of data.children) {
        const problem = validateData(child, length);
        if (problem) return problem;
      }
      return undefined;
    }
    case Type.Dictionary: {
      const dictionary = data.dictionary;
      if (!dictionary) return 'the dictionary is missing';
      for (const chunk of dictionary.data) {
        const problem = validateData(chunk, chunk.length);
        if (problem) return problem;
      }
      if ((values?.length ?? 0) < length) return 'the dictionary indices are too short';
      const size = dictionary.length;
      for (let i = 0; i < length; i++) {
        const index = Number((values as ArrayLike<number | bigint>)[i]);
        if ((index < 0 || index >= size) && isValid(bitmap, offset + i))
          return `dictionary index ${index} is out of range`;
      }
      return undefined;
    }
    case Type.Union:
    case Type.Utf8View:
    case Type.BinaryView:
      // Rare in files users bring; apache-arrow checks these as it reads them.
      return undefined;
    default: {
      if (values && values.length < length * data.stride) return 'the values are too short';
      return undefined;
    }
  }
}

// apache-arrow slices offsets and values with the Data (only bitmaps keep `offset`), so they start at 0.
function checkOffsets(
  offsets: ArrayLike<number | bigint> | undefined,
  length: number,
  limit: number,
): string | undefined {
  if (length === 0) return undefined;
  if (!offsets || offsets.length < length + 1) return 'the offsets are too short';
  let previous = Number(offsets[0]);
  if (previous < 0) return 'an offset is negative';
  for (let i = 1; i <= length; i++) {
    const next = Number(offsets[i]);
    if (next < previous) return `offsets decrease at value ${i - 1}`;
    previous = next;
  }
  return previous > limit ? 'an offset points past the end of the data' : undefined;
}

function isValid(bitmap: Uint8Array | undefined, i: number): boolean {
  return !bitmap || bitmap.length === 0 || (((bitmap[i >> 3] as number) >> (i & 7)) & 1) === 1;
}
