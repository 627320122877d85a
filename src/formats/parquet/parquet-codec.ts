import { type Table, tableFromIPC } from 'apache-arrow';
import { AbortError, FormatError, UsageError } from '../../errors.js';
import { tableForIpc } from '../feather/ipc-table.js';
import { FILE_EXTENSIONS } from '../file-types.js';
import { readInput, throwIfAborted } from '../read-input.js';
import type { ByteInput, Codec, DecodeOptions, EncodeOptions, FileSummary } from '../types.js';
import { type ColumnPlan, planColumns } from './column-plan.js';
import { readFooterCounts } from './count-row-groups.js';
import { findDecimalOverflow } from './decimal-precision.js';
import { loadParquetWasm } from './load-parquet-wasm.js';
import { readRowGroups } from './read-row-groups.js';
import { readParquetJs } from './reader/read-parquet-js.js';
import { WRITE_BATCH_ROWS, writeBatches } from './write-batches.js';
import { supportsJsWriter } from './writer/supports-js-writer.js';
import { writeParquetJs } from './writer/write-parquet.js';

/** Compression of written Parquet column chunks. */
export type ParquetCompression = 'snappy' | 'zstd' | 'gzip' | 'lz4_raw' | 'brotli' | 'none';

/** Options of {@link createParquetCodec}. */
export interface ParquetCodecOptions {
  /** Compression of written column chunks. Default `'snappy'` (what pandas, Spark and DuckDB write). */
  readonly compression?: ParquetCompression;
  /** Most rows in one written row group. Default 1,048,576 (as pyarrow and arrow-rs). */
  readonly rowGroupSize?: number;
  /**
   * Dictionary pages for a column only when at most this share of its first 4,096 non-null values is distinct
   * (0 to 1; 1 = every string and number column, 0 = none). Default: not set, meaning as pyarrow and arrow-rs
   * (a dictionary for every column, plain pages where it overflows) except columns the sample shows to be keys,
   * which never repeat and where the dictionary only costs time (up to 3x the write): strings at least 95 %
   * distinct (ids, hashes, free text) and strictly increasing or decreasing numbers, dates and times. A ratio
   * such as 0.5 writes faster still, but gives up the dictionary on columns whose first values are distinct and
   * whose later ones repeat (a missed dictionary costs 3-5x the column's size).
   */
  readonly dictionaryMaxDistinctRatio?: number;
  /**
   * Write columns that get no dictionary with the Parquet delta encodings: integers, dates and times
   * DELTA_BINARY_PACKED (ids and event times shrink to almost nothing), strings and binaries
   * DELTA_LENGTH_BYTE_ARRAY (30-40 % faster to write than PLAIN, and smaller). Default `false`: PLAIN, as
   * pyarrow, Spark and DuckDB write by default, so that every reader takes the files, including those that
   * predate these encodings (for example Spark's vectorized reader before 3.3). Turn it on when the readers
   * are known to be recent (DuckDB, pyarrow, Polars, Spark 3.3+ all read them).
   */
  readonly deltaEncodings?: boolean;
  /**
   * Which writer encodes tables. `'auto'` (the default): the TypeScript writer for flat tables of booleans,
   * integers, floats, strings, binaries, dates, times and timestamps (and dictionaries of them) with
   * `'snappy'`, `'gzip'` or `'none'` compression, which writes the file arrow-rs would (same types, encodings,
   * pages, statistics, page index and Arrow schema) without WebAssembly; parquet-wasm for every other table.
   * `'parquet-wasm'`: always arrow-rs through parquet-wasm.
   */
  readonly writer?: 'auto' | 'parquet-wasm';
  /**
   * Which reader decodes files. `'auto'` (the default): the TypeScript reader for flat files of booleans,
   * integers, floats, strings, binaries, dates, times and timestamps (PLAIN, dictionary, delta and
   * byte-stream-split encodings; uncompressed, snappy, gzip, brotli, zstd or lz4_raw), which returns the table
   * arrow-rs would (same types, values and nulls) without WebAssembly: no compile time on a thread's first
   * file and no WebAssembly memory kept; parquet-wasm for every other file, and for any file the TypeScript
   * reader finds malformed (so errors stay those of arrow-rs). `'parquet-wasm'`: always arrow-rs through
   * parquet-wasm.
   */
  readonly reader?: 'auto' | 'parquet-wasm';
}

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"
/** `created_by` of files from the TypeScript writer. */
const CREATED_BY_JS = 'qwak-batch (js writer)';
/**
 * The Parquet codec. Flat files and tables of the common types go through the TypeScript reader and writer
 * (`reader/`, `writer/`), which give what arrow-rs gives without WebAssembly; everything else goes to
 * parquet-wasm (the Rust arrow-rs reader and writer compiled to WebAssembly), which reads every type and
 * compression of the Apache Parquet test files. See docs/formats.md, and docs/performance.md for the figures.
 */
export function createParquetCodec(options: ParquetCodecOptions = {}): Codec {
  const compression = options.compression ?? 'snappy';
  const rowGroupSize = options.rowGroupSize ?? 1_048_576;
  const maxDistinctRatio = options.dictionaryMaxDistinctRatio;
  const deltaEncodings = options.deltaEncodings ?? false;
  const writer = options.writer ?? 'auto';
  const reader = options.reader ?? 'auto';
  if (reader !== 'auto' && reader !== 'parquet-wasm') {
    throw new UsageError(`reader must be 'auto' or 'parquet-wasm', not ${JSON.stringify(reader)}`);
  }
  if (writer !== 'auto' && writer !== 'parquet-wasm') {
    throw new UsageError(`writer must be 'auto' or 'parquet-wasm', not ${JSON.stringify(writer)}`);
  }
  if (!['snappy', 'zstd', 'gzip', 'lz4_raw', 'brotli', 'none'].includes(compression)) {
    throw new UsageError(`Unknown Parquet compression ${JSON.stringify(compression)}`);
  }
  if (!Number.isInteger(rowGroupSize) || rowGroupSize < 1) {
    throw new UsageError(`rowGroupSize must be a positive integer, not ${rowGroupSize}`);
  }
  if (maxDistinctRatio !== undefined && !(maxDistinctRatio >= 0 && maxDistinctRatio <= 1)) {
    throw new UsageError(`dictionaryMaxDistinctRatio must be between 0 and 1, not ${maxDistinctRatio}`);
  }
  return {
    fileType: 'parquet',
    extensions: FILE_EXTENSIONS.parquet,
    async decode(input: ByteInput, opts: DecodeOptions = {}): Promise<Table> {
      const bytes = await readInput(input, opts.signal);
      checkParquet(bytes, opts.file);
      if (reader === 'auto') {
        // Undefined when the file is outside the TypeScript reader or malformed: arrow-rs then reads it.
        const table = readParquetJs(bytes, { signal: opts.signal });
        if (table) return table;
      }
      const pw = await loadParquetWasm();
      throwIfAborted(opts.signal);
      try {
        return readRowGroups(pw, bytes, opts.file);
      } catch (error) {
        if (error instanceof FormatError) throw error;
        throw new FormatError(
          'parquet',
          `cannot decode the file: ${messageOf(error)}`,
          { file: opts.file },
          { cause: error },
        );
      }
    },
    async encode(table: Table, opts: EncodeOptions = {}): Promise<Uint8Array> {
      throwIfAborted(opts.signal);
      const overflow = findDecimalOverflow(table);
      if (overflow) {
        throw new FormatError(
          'parquet',
          `the decimal ${overflow.value} has more digits than the column's precision (${overflow.precision}): Parquet would keep only its low bytes`,
          { file: opts.file, row: overflow.row, column: overflow.column },
        );
      }
      if (writer === 'auto' && supportsJsWriter(table, compression)) {
        try {
          return concat(
            writeParquetJs(table, {
              compression,
              rowGroupSize,
              columns: planColumns(table, maxDistinctRatio),
              deltaEncodings,
              createdBy: CREATED_BY_JS,
              // The slices writeBatches hands arrow-rs: the JS writer cuts pages where arrow-rs would.
              batchRows: WRITE_BATCH_ROWS,
              signal: opts.signal,
            }),
          );
        } catch (error) {
          if (error instanceof AbortError) throw error;
          throw new FormatError(
            'parquet',
            `cannot encode the table: ${messageOf(error)}`,
            { file: opts.file },
            { cause: error },
          );
        }
      }
      const pw = await loadParquetWasm();
      try {
        // Its schema checked against its data where columns share a name, null counts known (see tableForIpc).
        const ready = tableForIpc(table);
        const codec = {
          snappy: pw.Compression.SNAPPY,
          zstd: pw.Compression.ZSTD,
          gzip: pw.Compression.GZIP,
          lz4_raw: pw.Compression.LZ4_RAW,
          brotli: pw.Compression.BROTLI,
          none: pw.Compression.UNCOMPRESSED,
        }[compression];
        const columns = byName(planColumns(ready, maxDistinctRatio));
        const props = () => {
          let builder = new pw.WriterPropertiesBuilder()
            .setCompression(codec)
            .setMaxRowGroupSize(rowGroupSize)
            .setCreatedBy('qwak-batch (parquet-wasm)')
            // Dictionary pages only where the sample says values repeat (see planColumns).
            .setDictionaryEnabled(false);
          for (const column of columns) {
            if (column.dictionary) builder = builder.setColumnDictionaryEnabled(column.name, true);
            if (column.encoding && deltaEncodings)
              builder = builder.setColumnEncoding(column.name, pw.Encoding[column.encoding]);
          }
          return builder.build();
        };
        return await writeBatches(pw, ready, props);
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
        // The footer that just parsed holds the row count too.
        const rows = readFooterCounts(bytes)?.rows;
        return { columns: schema.fields.map((f) => f.name), ...(rows === undefined ? {} : { rows }) };
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

/**
 * One plan per column name: arrow-rs sets column properties by path, so columns that share a name share them.
 * Where their plans differ, they get the writer's defaults (an encoding of one could be invalid for another).
 */
function byName(plans: readonly ColumnPlan[]): ColumnPlan[] {
  const merged = new Map<string, ColumnPlan>();
  for (const plan of plans) {
    const seen = merged.get(plan.name);
    if (!seen) merged.set(plan.name, plan);
    else if (seen.dictionary !== plan.dictionary || seen.encoding !== plan.encoding) {
      merged.set(plan.name, { name: plan.name, dictionary: false });
    }
  }
  return [...merged.values()];
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.length;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
