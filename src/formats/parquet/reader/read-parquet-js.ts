import { type Data, type DataType, Field, type RecordBatch, Schema, Table, Type } from 'apache-arrow';
import { AbortError } from '../../../errors.js';
import { recordBatchOf } from '../../feather/record-batch-of.js';
import { throwIfAborted } from '../../read-input.js';
import { ARROW_SCHEMA_KEY, applyHint, decodeArrowSchemaHint } from './arrow-schema-hint.js';
import { arrowTypeOf, PHYSICAL, physicalWidth } from './arrow-types.js';
import { buildColumn } from './build-column.js';
import { isSupportedCodec, releasePageBuffer } from './decompress.js';
import { type FileMetaData, readFileMetaData } from './file-metadata.js';
import { primeDecoders } from './prime-decoders.js';
import { type LeafPlan, readColumnChunk, releaseLevelBuffer } from './read-column-chunk.js';

/** Options of {@link readParquetJs}. */
export interface ReadParquetJsOptions {
  /** Checked between row groups; when it fires the read stops with an AbortError (never a fallback). */
  readonly signal?: AbortSignal | undefined;
}

/** The field metadata key under which arrow-rs exposes a Parquet field id. */
const FIELD_ID_KEY = 'PARQUET:field_id';
const REQUIRED = 0;
const OPTIONAL = 1;

/**
 * Reads a flat Parquet file into an Arrow table in plain TypeScript, exactly as parquet-wasm (arrow-rs)
 * would read it, or returns `undefined` when the file holds anything the fast path does not read with
 * certainty (nested or repeated columns, INT96, decimals, fixed-length byte arrays, unknown encodings or
 * codecs, an ARROW:schema asking for another type, encryption…) or when anything in it is malformed: the
 * caller then reads it with parquet-wasm, which also reports what is wrong. Never returns a partial table.
 * The bytes must already have passed the PAR1 checks at both ends.
 */
export function readParquetJs(bytes: Uint8Array, options: ReadParquetJsOptions = {}): Table | undefined {
  try {
    primeDecoders();
    return read(bytes, options.signal);
  } catch (error) {
    if (error instanceof AbortError) throw error;
    return undefined;
  } finally {
    releasePageBuffer();
    releaseLevelBuffer();
  }
}

function read(bytes: Uint8Array, signal: AbortSignal | undefined): Table | undefined {
  const meta = readFileMetaData(bytes);
  if (meta.unsupported) return undefined;
  const plan = planSchema(meta);
  if (!plan) return undefined;
  const { schema, leaves } = plan;
  const dataEnd =
    bytes.byteLength - 8 - new DataView(bytes.buffer, bytes.byteOffset).getUint32(bytes.byteLength - 8, true);
  const batches: RecordBatch[] = [];
  let total = 0;
  for (const group of meta.rowGroups) {
    throwIfAborted(signal);
    if (group.columns.length !== leaves.length) return undefined;
    const rows = group.numRows;
    const children: Data[] = group.columns.map((column, i) => {
      const leaf = leaves[i] as (typeof leaves)[number];
      if (column.type !== leaf.physical || column.path.length !== 1 || column.path[0] !== leaf.name) {
        throw new RangeError('column chunk does not match the schema');
      }
      if (!isSupportedCodec(column.codec)) throw new RangeError(`codec ${column.codec} not read here`);
      return buildColumn(leaf.type, readColumnChunk(bytes, dataEnd, column, rows, leaf), leaf.width);
    });
    total += rows;
    if (rows === 0) continue;
    // Not apache-arrow's constructor, which merges columns that share a name (see recordBatchOf).
    batches.push(recordBatchOf(schema, children, rows));
  }
  if (total !== meta.numRows) return undefined;
  return batches.length > 0 ? new Table(schema, batches) : new Table(schema);
}

interface Leaf extends LeafPlan {
  readonly name: string;
  readonly type: DataType;
}

/** The Arrow schema and per-leaf plan of a flat file, or `undefined` when the schema is outside the fast path. */
function planSchema(meta: FileMetaData): { schema: Schema; leaves: Leaf[] } | undefined {
  const [root, ...elements] = meta.schema;
  if (!root || root.numChildren !== elements.length || root.type !== undefined) return undefined;
  // parquet-wasm hands over no schema metadata (neither the file's key-value pairs nor the ARROW:schema's),
  // but keeps field metadata: the hint's, and the Parquet field id.
  const hintText = meta.keyValue.get(ARROW_SCHEMA_KEY);
  const hint = hintText === undefined ? undefined : decodeArrowSchemaHint(hintText);
  if (hint && hint.fields.length !== elements.length) return undefined;
  const leaves: Leaf[] = [];
  const fields: Field[] = [];
  for (const [i, element] of elements.entries()) {
    const { repetition } = element;
    if (element.numChildren !== undefined) return undefined;
    if (repetition !== REQUIRED && repetition !== OPTIONAL) return undefined;
    let type = arrowTypeOf(element);
    if (!type) return undefined;
    const hinted = hint?.fields[i];
    if (hinted) {
      if (hinted.name !== element.name) return undefined;
      type = applyHint(type, hinted.type);
      if (!type) return undefined;
    }
    const physical = element.type as number;
    leaves.push({
      name: element.name,
      type,
      physical,
      width: physicalWidth(physical),
      optional: repetition === OPTIONAL,
      utf8: physical === PHYSICAL.BYTE_ARRAY && type.typeId === Type.Utf8,
    });
    const metadata = new Map(hinted?.metadata ?? []);
    if (element.fieldId !== undefined) metadata.set(FIELD_ID_KEY, String(element.fieldId));
    fields.push(new Field(element.name, type, repetition === OPTIONAL, metadata));
  }
  return { schema: new Schema(fields), leaves };
}
