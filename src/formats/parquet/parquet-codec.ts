import { type Table, Type, tableFromIPC, tableToIPC } from 'apache-arrow';
import { FormatError, UsageError } from '../../errors.js';
import { FILE_EXTENSIONS } from '../file-types.js';
import { readInput, throwIfAborted } from '../read-input.js';
import type { ByteInput, Codec, DecodeOptions, EncodeOptions, FileSummary } from '../types.js';
import { loadParquetWasm } from './load-parquet-wasm.js';

/** Compression of written Parquet column chunks. */
export type ParquetCompression = 'snappy' | 'zstd' | 'gzip' | 'lz4_raw' | 'brotli' | 'none';

/** Options of {@link createParquetCodec}. */
export interface ParquetCodecOptions {
  /** Compression of written column chunks. Default `'snappy'` (what pandas, Spark and DuckDB write). */
  readonly compression?: ParquetCompression;
  /** Most rows in one written row group. Default 1,048,576 (as pyarrow and arrow-rs). */
  readonly rowGroupSize?: number;
}

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"
const READ_BATCH_ROWS = 65536;
/** Column types written with dictionary pages: strings and binaries (top level), and dictionary columns. */
const DICTIONARY_TYPES: ReadonlySet<Type> = new Set([
  Type.Utf8,
  Type.LargeUtf8,
  Type.Binary,
  Type.LargeBinary,
  Type.Dictionary,
]);
/** Flat column types that get dictionary pages unless they look like a key (numbers, dates and times). */
const SAMPLED_TYPES: ReadonlySet<Type> = new Set([
  Type.Int,
  Type.Float,
  Type.Decimal,
  Type.Date,
  Type.Time,
  Type.Timestamp,
  Type.FixedSizeBinary,
]);

/**
 * The Parquet codec, on parquet-wasm (the Rust arrow-rs reader and writer compiled to WebAssembly): it reads
 * every type and compression of the Apache Parquet test files and writes current annotations. See
 * docs/performance.md for why it won over hyparquet.
 */
export function createParquetCodec(options: ParquetCodecOptions = {}): Codec {
  const compression = options.compression ?? 'snappy';
  const rowGroupSize = options.rowGroupSize ?? 1_048_576;
  if (!['snappy', 'zstd', 'gzip', 'lz4_raw', 'brotli', 'none'].includes(compression)) {
    throw new UsageError(`Unknown Parquet compression ${JSON.stringify(compression)}`);
  }
  if (!Number.isInteger(rowGroupSize) || rowGroupSize < 1) {
    throw new UsageError(`rowGroupSize must be a positive integer, not ${rowGroupSize}`);
  }
  return {
    fileType: 'parquet',
    extensions: FILE_EXTENSIONS.parquet,
    async decode(input: ByteInput, opts: DecodeOptions = {}): Promise<Table> {
      const bytes = await readInput(input, opts.signal);
      checkParquet(bytes, opts.file);
      const pw = await loadParquetWasm();
      throwIfAborted(opts.signal);
      let ipc: Uint8Array;
      try {
        ipc = pw.readParquet(bytes, { batchSize: READ_BATCH_ROWS }).intoIPCStream();
      } catch (error) {
        throw new FormatError(
          'parquet',
          `cannot decode the file: ${messageOf(error)}`,
          { file: opts.file },
          { cause: error },
        );
      }
      try {
        return tableFromIPC(ipc);
      } catch (error) {
        throw new FormatError(
          'parquet',
          `the file holds a type apache-arrow cannot carry: ${messageOf(error)}`,
          { file: opts.file },
          { cause: error },
        );
      }
    },
    async encode(table: Table, opts: EncodeOptions = {}): Promise<Uint8Array> {
      throwIfAborted(opts.signal);
      const pw = await loadParquetWasm();
      try {
        const wasmTable = pw.Table.fromIPCStream(tableToIPC(table, 'stream'));
        const codec = {
          snappy: pw.Compression.SNAPPY,
          zstd: pw.Compression.ZSTD,
          gzip: pw.Compression.GZIP,
          lz4_raw: pw.Compression.LZ4_RAW,
          brotli: pw.Compression.BROTLI,
          none: pw.Compression.UNCOMPRESSED,
        }[compression];
        let builder = new pw.WriterPropertiesBuilder()
          .setCompression(codec)
          .setMaxRowGroupSize(rowGroupSize)
          .setCreatedBy('qwak-batch (parquet-wasm)')
          // Dictionary pages only where values repeat: on numbers, whose values are mostly distinct, the writer
          // would dictionary-encode until the page limit and then fall back to plain, doubling the write time.
          .setDictionaryEnabled(false);
        for (const field of table.schema.fields) {
          if (wantsDictionary(table, field.name, field.typeId)) {
            builder = builder.setColumnDictionaryEnabled(field.name, true);
          }
        }
        const props = builder.build();
        return pw.writeParquet(wasmTable, props);
      } catch (error) {
        throw new FormatError(
          'parquet',
          `cannot encode the table: ${messageOf(error)}`,
          { file: opts.file },
          { cause: error },
        );
      }
    },
    async inspect(input: ByteInput, opts: DecodeOptions = {}): Promise<FileSummary> {
      const bytes = await readInput(input, opts.signal);
      checkParquet(bytes, opts.file);
      const pw = await loadParquetWasm();
      try {
        const schema = tableFromIPC(pw.readParquet(bytes, { limit: 0 }).intoIPCStream()).schema;
        return { columns: schema.fields.map((f) => f.name) };
      } catch (error) {
        throw new FormatError(
          'parquet',
          `cannot read the footer: ${messageOf(error)}`,
          { file: opts.file },
          { cause: error },
        );
      }
    },
  };
}

/** Rows looked at to decide whether a numeric column looks like a key. */
const DICTIONARY_SAMPLE_ROWS = 4096;

/**
 * Whether a top-level column is written with dictionary pages. Strings, binaries and numbers are, as pyarrow
 * and arrow-rs do by default: values that repeat anywhere in the file make the file much smaller. The
 * exception is a column that looks like a key (its first values all distinct and strictly increasing or
 * decreasing: row ids, event times), which never repeats: there the writer would dictionary-encode until the
 * page limit and then fall back to plain, at about twice the cost of writing it plain.
 */
function wantsDictionary(table: Table, name: string, typeId: Type): boolean {
  if (DICTIONARY_TYPES.has(typeId)) return true;
  if (!SAMPLED_TYPES.has(typeId)) return false;
  const column = table.getChild(name);
  return column ? !looksLikeKey(column) : false;
}

function looksLikeKey(column: { length: number; get(index: number): unknown }): boolean {
  const rows = Math.min(column.length, DICTIONARY_SAMPLE_ROWS);
  if (rows < 2) return false;
  let previous = column.get(0);
  let direction = 0;
  for (let i = 1; i < rows; i++) {
    const value = column.get(i);
    if (value === null || previous === null || typeof value !== typeof previous) return false;
    const step =
      (value as number) > (previous as number) ? 1 : (value as number) < (previous as number) ? -1 : 0;
    if (step === 0 || (direction !== 0 && step !== direction)) return false;
    direction = step;
    previous = value;
  }
  return true;
}

/** Rejects what is not Parquet before the reader sees it, with a message that says what it is. */
function checkParquet(bytes: Uint8Array, file: string | undefined): void {
  const n = bytes.byteLength;
  if (n === 0) throw new FormatError('parquet', 'the file is empty', { file, offset: 0 });
  if (!MAGIC.every((b, i) => bytes[i] === b)) {
    const arrow = bytes[0] === 0x41 && bytes[1] === 0x52 && bytes[2] === 0x52 && bytes[3] === 0x4f;
    throw new FormatError(
      'parquet',
      arrow
        ? 'this is an Arrow IPC (Feather) file, not Parquet'
        : 'not a Parquet file: no PAR1 magic at its start',
      { file, offset: 0 },
    );
  }
  if (n < 12 || !MAGIC.every((b, i) => bytes[n - 4 + i] === b)) {
    throw new FormatError('parquet', 'the file is truncated: no PAR1 magic at its end', { file, offset: n });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
