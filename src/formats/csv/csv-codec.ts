import { isUtf8 } from 'node:buffer';
import { type DataType, Field, makeData, RecordBatch, Schema, Struct, Table, TimeUnit } from 'apache-arrow';
import { FormatError, UsageError } from '../../errors.js';
import { FILE_EXTENSIONS } from '../file-types.js';
import { readInput, throwIfAborted } from '../read-input.js';
import type { ByteInput, Codec, DecodeOptions, EncodeOptions, FileSummary } from '../types.js';
import { buildColumn } from './build-column.js';
import {
  arrowType,
  type ColumnSpec,
  type CsvColumnTypeName,
  toColumnSpec,
  unitForDigits,
} from './column-types.js';
import { inferColumn } from './infer-column.js';
import { firstInvalidUtf8 } from './invalid-utf8.js';
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

  const parse = async (input: ByteInput, opts: DecodeOptions) => {
    const bytes = await readInput(input, opts.signal);
    if (!isUtf8(bytes)) {
      throw new FormatError('csv', 'the file is not valid UTF-8', {
        file: opts.file,
        offset: firstInvalidUtf8(bytes),
      });
    }
    const fields = tokenize(bytes, delimiter.charCodeAt(0), opts.file);
    if (fields.columns === 1 && fields.header[0] === '' && fields.rows === 0) {
      throw new FormatError('csv', 'the file has no header row', { file: opts.file, offset: 0 });
    }
    return fields;
  };

  return {
    fileType: 'csv',
    extensions: FILE_EXTENSIONS.csv,
    async decode(input: ByteInput, opts: DecodeOptions = {}): Promise<Table> {
      const fields = await parse(input, opts);
      const names = uniqueNames(fields.header);
      const schemaFields: Field[] = [];
      const children = [];
      for (let c = 0; c < fields.columns; c++) {
        throwIfAborted(opts.signal);
        const name = names[c] as string;
        const given = explicit.get(name) ?? explicit.get(fields.header[c] as string);
        const found =
          given && given.kind !== 'timestamp'
            ? undefined
            : infer || given
              ? inferColumn(fields, c)
              : undefined;
        const spec: ColumnSpec = given ?? { kind: found?.kind ?? 'utf8' };
        const unit = spec.unit ?? unitForDigits(found?.fractionDigits ?? 0);
        const timezone = spec.timezone !== undefined ? spec.timezone : found?.zoned ? 'UTC' : null;
        const type = arrowType(spec, unit ?? TimeUnit.MILLISECOND, timezone);
        children.push(buildColumn(fields, c, type, name, opts.file));
        schemaFields.push(new Field(name, type, true));
      }
      const schema = new Schema(schemaFields);
      const data = makeData({ type: new Struct(schemaFields), length: fields.rows, nullCount: 0, children });
      return new Table(schema, [new RecordBatch(schema, data)]);
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
