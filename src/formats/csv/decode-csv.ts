import {
  type Data,
  type DataType,
  Field,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimeUnit,
} from 'apache-arrow';
import { throwIfAborted } from '../read-input.js';
import { buildColumn, MISFIT } from './build-column.js';
import { arrowType, type ColumnSpec, unitForDigits } from './column-types.js';
import { inferColumn } from './infer-column.js';
import { type CsvFields, tokenize } from './tokenize.js';

/** What {@link decodeCsv} needs besides the bytes. */
export interface CsvDecodeSettings {
  readonly delimiter: number;
  /** Column types given by the user, by column name. */
  readonly explicit: ReadonlyMap<string, ColumnSpec>;
  readonly infer: boolean;
  readonly file: string | undefined;
  readonly signal: AbortSignal | undefined;
  /** Fields per block of rows (tests use small blocks). Default {@link BLOCK_FIELDS}. */
  readonly blockFields?: number | undefined;
}

/**
 * Fields per block of rows: the field offsets of one block (9 bytes a field) are all that is held besides
 * the file and the columns built so far, instead of the offsets of the whole file (about as large as the
 * file itself for short fields).
 */
const BLOCK_FIELDS = 1 << 20;

/**
 * Decodes CSV bytes (valid UTF-8, header `header` already read up to byte `from`) into a table of one record
 * batch per block of rows. Column types come from the first block; a later block with a value that does not
 * fit them (a column typed int64 meets `2.5`, say), or a first block where a column has no value at all,
 * makes it decode the whole file in one block instead, so that the types are always those of all values.
 */
export function decodeCsv(
  bytes: Uint8Array,
  header: readonly string[],
  names: readonly string[],
  from: number,
  settings: CsvDecodeSettings,
): Table {
  const columns = header.length;
  const blockRows = Math.max(1, Math.floor((settings.blockFields ?? BLOCK_FIELDS) / columns));
  const first = tokenize(bytes, settings.delimiter, settings.file, { from, columns, maxRows: blockRows });
  const firstBlock = buildBlock(first, header, names, settings, undefined);
  if (first.next >= bytes.length) return tableOf(firstBlock.fields, [firstBlock]);
  if (firstBlock.undecided) return wholeFile(bytes, header, names, from, settings);
  const blocks = [firstBlock];
  let fields = first;
  while (fields.next < bytes.length) {
    throwIfAborted(settings.signal);
    fields = tokenize(bytes, settings.delimiter, settings.file, {
      from: fields.next,
      columns,
      maxRows: blockRows,
      firstRow: fields.firstRow + fields.rows,
      reuse: fields,
    });
    if (fields.rows === 0) break; // blank lines at the end
    const block = buildBlock(fields, header, names, settings, firstBlock);
    if (!block) return wholeFile(bytes, header, names, from, settings);
    blocks.push(block);
  }
  return tableOf(firstBlock.fields, blocks);
}

interface Block {
  readonly rows: number;
  readonly columns: Data[];
  readonly fields: Field[];
  /** Columns whose type was inferred (so later blocks check it instead of failing on a misfit). */
  readonly inferred: boolean[];
  /** True when some inferred column had no value in this block: its type is not known yet. */
  readonly undecided: boolean;
}

function wholeFile(
  bytes: Uint8Array,
  header: readonly string[],
  names: readonly string[],
  from: number,
  settings: CsvDecodeSettings,
): Table {
  const fields = tokenize(bytes, settings.delimiter, settings.file, { from, columns: header.length });
  const block = buildBlock(fields, header, names, settings, undefined);
  return tableOf(block.fields, [block]);
}

function buildBlock(
  fields: CsvFields,
  header: readonly string[],
  names: readonly string[],
  settings: CsvDecodeSettings,
  typed: Block,
): Block | undefined;
function buildBlock(
  fields: CsvFields,
  header: readonly string[],
  names: readonly string[],
  settings: CsvDecodeSettings,
  typed: undefined,
): Block;
/**
 * Builds the columns of one block. Without `typed`, the types come from the options or from the values;
 * with it, they are those of `typed` (the first block), and undefined is returned when an inferred type
 * does not hold a value of this block.
 */
function buildBlock(
  fields: CsvFields,
  header: readonly string[],
  names: readonly string[],
  settings: CsvDecodeSettings,
  typed: Block | undefined,
): Block | undefined {
  const { explicit, infer, file } = settings;
  const columns: Data[] = [];
  const schemaFields: Field[] = [];
  const inferred: boolean[] = [];
  let undecided = false;
  for (let c = 0; c < fields.columns; c++) {
    throwIfAborted(settings.signal);
    const name = names[c] as string;
    if (typed) {
      const type = (typed.fields[c] as Field).type;
      try {
        columns.push(buildColumn(fields, c, type, name, file, typed.inferred[c]));
      } catch (error) {
        if (error === MISFIT) return undefined;
        throw error;
      }
      continue;
    }
    const given = explicit.get(name) ?? explicit.get(header[c] as string);
    let type: DataType | undefined;
    let column: Data | undefined;
    if (!given && infer) {
      // One pass: build with the type of the first value and check the others on the way; a value
      // that does not fit makes it infer from all values and build again (mixed columns only).
      const guess = inferColumn(fields, c, true);
      if (!guess.seen) undecided = true;
      type = arrowType(guess, unitForDigits(guess.fractionDigits), guess.zoned ? 'UTC' : null);
      try {
        column = buildColumn(fields, c, type, name, file, guess.kind !== 'utf8');
      } catch (error) {
        if (error !== MISFIT) throw error;
      }
    }
    if (!column) {
      const found =
        given && given.kind !== 'timestamp' ? undefined : infer || given ? inferColumn(fields, c) : undefined;
      if (found && !found.seen) undecided = true;
      const spec: ColumnSpec = given ?? { kind: found?.kind ?? 'utf8' };
      const unit = spec.unit ?? unitForDigits(found?.fractionDigits ?? 0);
      const timezone = spec.timezone !== undefined ? spec.timezone : found?.zoned ? 'UTC' : null;
      type = arrowType(spec, unit ?? TimeUnit.MILLISECOND, timezone);
      column = buildColumn(fields, c, type, name, file);
    }
    // Inferred in part at least: a bare 'timestamp' takes its unit and zone from the values.
    inferred.push(
      !given || (given.kind === 'timestamp' && (given.unit === undefined || given.timezone === undefined)),
    );
    columns.push(column);
    schemaFields.push(new Field(name, type as DataType, true));
  }
  return { rows: fields.rows, columns, fields: schemaFields, inferred, undecided };
}

function tableOf(fields: Field[], blocks: readonly Block[]): Table {
  const schema = new Schema(fields);
  const struct = new Struct(fields);
  const batches = blocks.map(
    (b) =>
      new RecordBatch(schema, makeData({ type: struct, length: b.rows, nullCount: 0, children: b.columns })),
  );
  return new Table(schema, batches);
}
