// Entry of the `qwak-batch/formats` subpath: the codecs that turn files into Arrow tables and back.
export type { CsvColumnTypeName } from './csv/column-types.js';
export { type CsvCodecOptions, createCsvCodec } from './csv/csv-codec.js';
export type { FeatherCompression } from './feather/compression.js';
export { createFeatherCodec, type FeatherCodecOptions } from './feather/feather-codec.js';
export { FILE_EXTENSIONS, FILE_TYPES, fileTypeForKey, parseFileType } from './file-types.js';
export {
  type CompiledWasmModule,
  compileParquetWasm,
  useParquetWasmModule,
} from './parquet/load-parquet-wasm.js';
export {
  createParquetCodec,
  type ParquetCodecOptions,
  type ParquetCompression,
} from './parquet/parquet-codec.js';
export { type CodecOptions, getCodec } from './registry.js';
export type {
  ByteInput,
  ByteOutput,
  Codec,
  DecodeOptions,
  EncodeOptions,
  FileSummary,
  FileType,
} from './types.js';
