import { FormatError } from '../errors.js';
import type { FileType } from './types.js';

/** Every file type the codecs read and write, in the platform's order. */
export const FILE_TYPES: readonly FileType[] = Object.freeze(['csv', 'parquet', 'feather'] as const);

/** File extensions of each type, lowercase and without the dot; the first is the one written. */
export const FILE_EXTENSIONS: Readonly<Record<FileType, readonly string[]>> = Object.freeze({
  csv: Object.freeze(['csv']),
  parquet: Object.freeze(['parquet', 'pq']),
  feather: Object.freeze(['feather', 'arrow', 'ipc']),
});

/**
 * Reads a file type from user input: `csv`, `parquet` or `feather`, in any case, also the platform's enum
 * spellings (`CSV_INPUT_FILE_TYPE`, `PARQUET_OUTPUT_FILE_TYPE`) and an extension (`pq`, `arrow`, `.ipc`).
 * Throws {@link FormatError} for anything else.
 */
export function parseFileType(value: unknown): FileType {
  if (typeof value === 'string') {
    const text = value
      .trim()
      .toLowerCase()
      .replace(/^\./, '')
      .replace(/_(input|output)_file_type$/, '');
    for (const type of FILE_TYPES) {
      if (text === type || FILE_EXTENSIONS[type].includes(text)) return type;
    }
  }
  throw new FormatError(
    'file-type',
    `unknown file type ${JSON.stringify(value)}: expected one of ${FILE_TYPES.join(', ')}`,
  );
}

/**
 * The file type of a key or path by its extension (case-insensitive), or `undefined` when the extension is
 * none of csv; parquet, pq; feather, arrow, ipc.
 */
export function fileTypeForKey(key: string): FileType | undefined {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0 && !(dot === 0 && name.length > 1)) return undefined;
  const ext = name.slice(dot + 1).toLowerCase();
  for (const type of FILE_TYPES) {
    if (FILE_EXTENSIONS[type].includes(ext)) return type;
  }
  return undefined;
}
