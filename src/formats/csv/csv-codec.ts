import { isUtf8 } from 'node:buffer';
import type { DataType, Table } from 'apache-arrow';
import { FormatError, UsageError } from '../../errors.js';
import { FILE_EXTENSIONS } from '../file-types.js';
import { readInput, throwIfAborted } from '../read-input.js';
import type { ByteInput, Codec, DecodeOptions, EncodeOptions, FileSummary } from '../types.js';
import { type ColumnSpec, type CsvColumnTypeName, toColumnSpec } from './column-types.js';
import { decodeCsv } from './decode-csv.js';
import { firstInvalidUtf8 } from './invalid-utf8.js';
import { lineAt } from './line-at.js';
import { tokenize } from './tokenize.js';
import { writeCsv } from './write-csv.js';

/** Options of {@link createCsvCodec}. */
export interface CsvCodecOptions {
  /** The field separator, one ASCII character other than a quote or a line end. Default `','`. */
  readonly delimiter?: string;
  /**
   * Column types by column name, instead of inferring them: a name (`'int64'`, `'float64'`, `'boolean'`,
   * `'utf8'`, `'date'`, `'timestamp'`, `'timestamp[ms]'`, `'timestamp[us, UTC]'`…) or an Arrow type
   * (`new Int64()`, `new Timestamp(TimeUnit.MICROSECOND, 'UTC')`). Columns not named are inferred.
   * Default none.
   */
  readonly columnTypes?: Readonly<Record<string, CsvColumnTypeName | DataType>>;
  /**
   * Infer column types (int64, float64, boolean, date, ISO-8601 timestamp, else utf8). With `false`, every
   * column not in `columnTypes` is utf8. Default `true`.
   */
  readonly inferTypes?: boolean;
}

/** The CSV codec (RFC 4180, UTF-8, a header row). */
export function createCsvCodec(options: CsvCodecOptions = {}): Codec {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 0x7f || /["\r\n]/.test(delimiter)) {
    throw new UsageError(
      `The CSV delimiter must be one ASCII character other than a quote or a line end, not ${JSON.stringify(delimiter)}`,
    );
  }
  const explicit = new Map<string, ColumnSpec>();
  for (const [name, type] of Object.entries(options.columnTypes ?? {})) {
    const spec = toColumnSpec(type);
    if (!spec)
      throw new UsageError(`The CSV codec cannot build column ${JSON.stringify(name)} as ${String(type)}`);
    explicit.set(name, spec);
  }
  const infer = options.inferTypes ?? true;

  const readUtf8 = async (input: ByteInput, opts: DecodeOptions): Promise<Uint8Array> => {
    const bytes = await readInput(input, opts.signal);
    if (!isUtf8(bytes)) {
      const offset = firstInvalidUtf8(bytes);
      throw new FormatError('csv', 'the file is not valid UTF-8', {
        file: opts.file,
        line: lineAt(bytes, offset),
        offset,
      });
    }
    return bytes;
  };
  const parse = async (input: ByteInput, opts: DecodeOptions) => {
    const fields = tokenize(await readUtf8(input, opts), delimiter.charCodeAt(0), opts.file);
    if (fields.columns === 1 && fields.header[0] === '' && fields.rows === 0) {
      throw new FormatError('csv', 'the file has no header row', { file: opts.file, offset: 0 });
    }
    return fields;
  };

  return {
    fileType: 'csv',
    extensions: FILE_EXTENSIONS.csv,
    async decode(input: ByteInput, opts: DecodeOptions = {}): Promise<Table> {
      const bytes = await readUtf8(input, opts);
      const head = tokenize(bytes, delimiter.charCodeAt(0), opts.file, { from: 0, maxRows: 0 });
      if (head.columns === 1 && head.header[0] === '' && head.next >= bytes.length) {
        throw new FormatError('csv', 'the file has no header row', { file: opts.file, offset: 0 });
      }
      return decodeCsv(bytes, head.header, uniqueNames(head.header), head.next, {
        delimiter: delimiter.charCodeAt(0),
        explicit,
        infer,
        file: opts.file,
        signal: opts.signal,
      });
    },
    async encode(table: Table, opts: EncodeOptions = {}): Promise<Uint8Array> {
      throwIfAborted(opts.signal);
      try {
        return writeCsv(table, delimiter, opts.signal);
      } catch (error) {
        if (error instanceof FormatError || (error as { code?: string }).code === 'ABORTED') throw error;
        throw new FormatError(
          'csv',
          `cannot encode the table: ${(error as Error).message}`,
          { file: opts.file },
          { cause: error },
        );
      }
    },
    async inspect(input: ByteInput, opts: DecodeOptions = {}): Promise<FileSummary> {
      const fields = await parse(input, opts);
      return { columns: uniqueNames(fields.header), rows: fields.rows };
    },
  };
}

/** Names for the header: an empty name becomes `column_N`, a repeated one gets `.1`, `.2` (as pandas does). */
function uniqueNames(header: readonly string[]): string[] {
  const seen = new Set<string>();
  return header.map((raw, i) => {
    let name = raw === '' ? `column_${i + 1}` : raw;
    for (let k = 1; seen.has(name); k++) name = `${raw}.${k}`;
    seen.add(name);
    return name;
  });
}
