import { type CsvCodecOptions, createCsvCodec } from './csv/csv-codec.js';
import { createFeatherCodec, type FeatherCodecOptions } from './feather/feather-codec.js';
import { parseFileType } from './file-types.js';
import { createParquetCodec, type ParquetCodecOptions } from './parquet/parquet-codec.js';
import type { Codec, FileType } from './types.js';

/** Options of {@link getCodec}: each codec reads its own part. */
export interface CodecOptions {
  readonly csv?: CsvCodecOptions;
  readonly parquet?: ParquetCodecOptions;
  readonly feather?: FeatherCodecOptions;
}

/**
 * The codec of a file type (`csv`, `parquet`, `feather`, or an extension or platform spelling of one, see
 * {@link parseFileType}). Throws `FormatError` (from `qwak-batch`) for an unknown type.
 */
export function getCodec(fileType: FileType | string, options: CodecOptions = {}): Codec {
  const type = parseFileType(fileType);
  switch (type) {
    case 'csv':
      return createCsvCodec(options.csv);
    case 'parquet':
      return createParquetCodec(options.parquet);
    case 'feather':
      return createFeatherCodec(options.feather);
  }
}
