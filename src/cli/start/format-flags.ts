import { closest } from '../../config/closest.js';
import type { ExecutionConfig } from '../../config/execution-config.js';
import { UsageError } from '../../errors.js';
import type {
  CodecOptions,
  CsvColumnTypeName,
  FeatherCompression,
  ParquetCompression,
} from '../../formats/index.js';
import type { StorageOptions } from '../../storage/options.js';
import type { StartFlag } from './start-flags.js';

const FORMATS = 'File formats (local run)';

const PARQUET_COMPRESSIONS = [
  'snappy',
  'zstd',
  'gzip',
  'lz4_raw',
  'brotli',
  'none',
] as const satisfies readonly ParquetCompression[];
const FEATHER_COMPRESSIONS = ['lz4', 'zstd', 'none'] as const satisfies readonly FeatherCompression[];
/** The CSV column types without a unit; `timestamp[<unit>]` and `timestamp[<unit>, UTC]` are read apart. */
const CSV_COLUMN_TYPES = [
  'int64',
  'float64',
  'boolean',
  'utf8',
  'date',
  'timestamp',
] as const satisfies readonly CsvColumnTypeName[];
const CSV_TYPES_TEXT = `${CSV_COLUMN_TYPES.join(', ')}, timestamp[s|ms|us|ns] or timestamp[<unit>, UTC]`;
/** Names from other tools that mean one of the CSV column types, for "did you mean". */
const CSV_TYPE_SYNONYMS: Readonly<Record<string, (typeof CSV_COLUMN_TYPES)[number]>> = {
  string: 'utf8',
  str: 'utf8',
  text: 'utf8',
  varchar: 'utf8',
  int: 'int64',
  integer: 'int64',
  bigint: 'int64',
  long: 'int64',
  float: 'float64',
  double: 'float64',
  number: 'float64',
  bool: 'boolean',
  datetime: 'timestamp',
};
// Fails to compile when the codecs gain a compression that the flags do not list.
const everyCompressionListed: [
  Exclude<ParquetCompression, (typeof PARQUET_COMPRESSIONS)[number]>,
  Exclude<FeatherCompression, (typeof FEATHER_COMPRESSIONS)[number]>,
] extends [never, never]
  ? true
  : false = true;
void everyCompressionListed;

/** Flags of a local run that set the codecs' options (`formats` of `localFileRun`). */
export const FORMAT_FLAGS = {
  'csv-delimiter': {
    type: 'string',
    valueName: '<char>',
    group: FORMATS,
    mode: 'local',
    description: 'Field separator of CSV files read and written, e.g. ";" or \\t for a tab (default: ,)',
  },
  'csv-no-infer-types': {
    type: 'boolean',
    group: FORMATS,
    mode: 'local',
    description:
      'Read every CSV column as text (utf8), except those of --csv-column-type: keeps 00501 and long ids as written',
  },
  'csv-column-type': {
    type: 'string',
    valueName: '<NAME=TYPE>',
    multiple: true,
    group: FORMATS,
    mode: 'local',
    description:
      'Type of one CSV column read, instead of inferring it: int64, float64, boolean, utf8, date, timestamp, timestamp[ms, UTC]… (repeatable)',
  },
  'parquet-compression': {
    type: 'string',
    valueName: `<${PARQUET_COMPRESSIONS.join('|')}>`,
    group: FORMATS,
    mode: 'local',
    description: 'Compression of written Parquet column chunks (default: snappy)',
  },
  'parquet-row-group-size': {
    type: 'string',
    valueName: '<rows>',
    group: FORMATS,
    mode: 'local',
    description: 'Most rows in one written Parquet row group (default: 1048576)',
  },
  'parquet-delta-encodings': {
    type: 'boolean',
    group: FORMATS,
    mode: 'local',
    description:
      'Write columns without a dictionary with the delta encodings (readers: Spark 3.3+, pyarrow…)',
  },
  'feather-compression': {
    type: 'string',
    valueName: `<${FEATHER_COMPRESSIONS.join('|')}>`,
    group: FORMATS,
    mode: 'local',
    description: 'Compression of written Feather buffers; zstd needs Node 22.15+ (default: none)',
  },
} satisfies Record<string, StartFlag>;

/**
 * The options of `localFileRun` that the flags above, `--no-fsync` and `--follow-links` set; absent when no flag
 * sets them.
 */
export interface FormatFlagOptions {
  readonly formats?: CodecOptions;
  readonly storage?: StorageOptions;
}

type FlagValues = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/**
 * Format flags that would have no effect on `config`'s file types. A CSV delimiter serves reading and writing;
 * the Parquet and Feather flags only shape written files.
 */
export function formatFlagProblems(config: ExecutionConfig, given: readonly string[]): string[] {
  const { inputFileType: input, outputFileType: output } = config.execution;
  const problems: string[] = [];
  if (given.includes('csv-delimiter') && input !== 'csv' && output !== 'csv')
    problems.push(`--csv-delimiter applies only to CSV files; this run reads ${input} and writes ${output}`);
  // Types are inferred when a CSV file is read; a written CSV file carries none.
  for (const name of ['csv-no-infer-types', 'csv-column-type']) {
    if (given.includes(name) && input !== 'csv')
      problems.push(`--${name} applies only to CSV files read; this run reads ${input}`);
  }
  for (const name of given) {
    const format = name.startsWith('parquet-')
      ? 'parquet'
      : name.startsWith('feather-')
        ? 'feather'
        : undefined;
    if (format && output !== format)
      problems.push(
        `--${name} applies only to written ${format === 'parquet' ? 'Parquet' : 'Feather'} files; this run writes ${output} (set --output-file-type ${format})`,
      );
  }
  return problems;
}

/**
 * Turns the flags above, `--no-fsync` and `--follow-links` into `formats` and `storage` options, checking every
 * value first: a bad one is a UsageError naming the flag and the values it takes, raised before any file is read.
 */
export function formatFlagOptions(flags: FlagValues): FormatFlagOptions {
  const text = (name: keyof typeof FORMAT_FLAGS) => flags[name] as string | undefined;
  const delimiter = text('csv-delimiter');
  const parquetCompression = text('parquet-compression');
  const rowGroupSize = text('parquet-row-group-size');
  const featherCompression = text('feather-compression');
  const columnTypes = csvColumnTypes((flags['csv-column-type'] as readonly string[] | undefined) ?? []);
  const csv = {
    ...(delimiter === undefined ? {} : { delimiter: csvDelimiter(delimiter) }),
    ...(flags['csv-no-infer-types'] === true ? { inferTypes: false } : {}),
    ...(Object.keys(columnTypes).length ? { columnTypes } : {}),
  };
  const parquet = {
    ...(parquetCompression === undefined
      ? {}
      : { compression: oneOf(parquetCompression, PARQUET_COMPRESSIONS, '--parquet-compression') }),
    ...(rowGroupSize === undefined ? {} : { rowGroupSize: rows(rowGroupSize, '--parquet-row-group-size') }),
    ...(flags['parquet-delta-encodings'] === true ? { deltaEncodings: true } : {}),
  };
  const feather =
    featherCompression === undefined
      ? undefined
      : { compression: oneOf(featherCompression, FEATHER_COMPRESSIONS, '--feather-compression') };
  const formats: CodecOptions = {
    ...(Object.keys(csv).length ? { csv } : {}),
    ...(Object.keys(parquet).length ? { parquet } : {}),
    ...(feather ? { feather } : {}),
  };
  const local = {
    ...(flags['no-fsync'] === true ? { fsync: false } : {}),
    ...(flags['follow-links'] === true ? { followLinks: true } : {}),
  };
  return {
    ...(Object.keys(formats).length ? { formats } : {}),
    ...(Object.keys(local).length ? { storage: { local } } : {}),
  };
}

/** One ASCII character other than a quote or a line end; `\t` and `tab` spell a tab, which shells mangle. */
function csvDelimiter(value: string): string {
  const delimiter = value === '\\t' || value.toLowerCase() === 'tab' ? '\t' : value;
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 0x7f || /["\r\n]/.test(delimiter)) {
    throw new UsageError(
      `--csv-delimiter must be one ASCII character other than a quote or a line end, e.g. ";", "|" or \\t for a tab; got ${JSON.stringify(value)}`,
    );
  }
  return delimiter;
}

/**
 * `--csv-column-type NAME=TYPE` values → `formats.csv.columnTypes`. Split at the last `=`, since a column name
 * may hold one and a type never does.
 */
function csvColumnTypes(values: readonly string[]): Record<string, CsvColumnTypeName> {
  // A map, so that a column named `constructor` or `__proto__` is a column like any other.
  const out = new Map<string, CsvColumnTypeName>();
  for (const value of values) {
    const eq = value.lastIndexOf('=');
    if (eq <= 0 || eq === value.length - 1) {
      throw new UsageError(
        `--csv-column-type takes NAME=TYPE, a column name and its type (e.g. --csv-column-type zip=utf8); got ${JSON.stringify(value)}`,
      );
    }
    const name = value.slice(0, eq);
    if (out.has(name))
      throw new UsageError(`--csv-column-type ${name} was given twice; give each column one type`);
    out.set(name, csvColumnType(value.slice(eq + 1), name));
  }
  return Object.fromEntries(out);
}

/** One type name as the CSV codec spells it: lower case, the zone `UTC`, `timestamp[ms, UTC]`. */
function csvColumnType(value: string, column: string): CsvColumnTypeName {
  const type = value.trim().toLowerCase();
  const plain = CSV_COLUMN_TYPES.find((t) => t === type);
  if (plain) return plain;
  const stamp = /^timestamp\[\s*(s|ms|us|ns)\s*(,\s*utc\s*)?\]$/.exec(type);
  if (stamp) {
    const unit = stamp[1] as 's' | 'ms' | 'us' | 'ns';
    return stamp[2] ? `timestamp[${unit}, UTC]` : `timestamp[${unit}]`;
  }
  const guess = CSV_TYPE_SYNONYMS[type] ?? closest(type, CSV_COLUMN_TYPES);
  throw new UsageError(
    `--csv-column-type ${column}: the type must be one of ${CSV_TYPES_TEXT}; got ${JSON.stringify(value)}${guess ? ` (did you mean ${guess}?)` : ''}`,
  );
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  const found = allowed.find((a) => a === value.trim().toLowerCase());
  if (found) return found;
  // `lz4` is too far from `lz4_raw` for an edit distance, but a prefix says what was meant.
  const lower = value.trim().toLowerCase();
  const guess = closest(lower, allowed) ?? (lower ? allowed.find((a) => a.startsWith(lower)) : undefined);
  throw new UsageError(
    `${flag} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}${guess ? ` (did you mean ${guess}?)` : ''}`,
  );
}

function rows(value: string, flag: string): number {
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < 1 || !Number.isSafeInteger(n))
    throw new UsageError(`${flag} must be a whole number of rows >= 1; got ${JSON.stringify(value)}`);
  return n;
}
