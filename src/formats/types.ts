import type { Table } from 'apache-arrow';

/** The file types of the platform: the seed's CSV, Parquet and Feather. */
export type FileType = 'csv' | 'parquet' | 'feather';

/** Bytes a codec reads: a whole buffer, or a stream of chunks handed over by a storage adapter. */
export type ByteInput = Uint8Array | AsyncIterable<Uint8Array>;

/** Bytes a codec writes: a whole buffer, or a stream of chunks that a storage adapter writes out. */
export type ByteOutput = Uint8Array | AsyncIterable<Uint8Array>;

/** Options every codec accepts when decoding. */
export interface DecodeOptions {
  /** Name of the file being decoded, used only in error messages. */
  readonly file?: string;
  /** Stops a long decode. */
  readonly signal?: AbortSignal;
}

/** Options every codec accepts when encoding. */
export interface EncodeOptions {
  /** Name of the file being written, used only in error messages. */
  readonly file?: string;
  /** Stops a long encode. */
  readonly signal?: AbortSignal;
}

/** What a cheap look at a file's header or footer tells (used by dry runs). */
export interface FileSummary {
  /** Column names, when the header or footer gives them. */
  readonly columns: readonly string[];
  /** Row count, when the footer gives it without reading the data (Parquet, Feather). */
  readonly rows?: number;
}

/**
 * Turns the bytes of one file into an Arrow table and back. A codec never touches a file system or a
 * cloud SDK: a storage adapter hands it bytes and writes the bytes it returns.
 */
export interface Codec<DO extends DecodeOptions = DecodeOptions, EO extends EncodeOptions = EncodeOptions> {
  readonly fileType: FileType;
  /** File extensions of this type, lowercase, without the dot; the first is the one written. */
  readonly extensions: readonly string[];
  /** Decodes a whole file. Throws `FormatError` (from `qwak-batch`) naming `options.file` on bad input. */
  decode(input: ByteInput, options?: DO): Promise<Table>;
  /** Encodes a table into one file's bytes. */
  encode(table: Table, options?: EO): Promise<ByteOutput>;
  /** Checks the header (CSV) or footer (Parquet, Feather) without decoding the data. */
  inspect(input: ByteInput, options?: DecodeOptions): Promise<FileSummary>;
  /**
   * Throws the `UsageError` that {@link Codec.encode} would throw on every table, when this codec's options
   * cannot be written in this process (ZSTD Feather before Node 22.15): lets a run fail before reading a file.
   */
  checkEncode?(): void;
}
