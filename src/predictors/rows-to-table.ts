import {
  Bool,
  type DataType,
  DateMillisecond,
  Float64,
  Int64,
  Null,
  Table,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import { PredictorError } from '../errors.js';

type Kind = 'number' | 'bigint' | 'string' | 'boolean' | 'date';

/**
 * Builds an Arrow table from row objects, as a model's `predict()` may return them. Columns are the union of
 * the rows' keys in order of first appearance; a missing key is a null. Every non-null value of a column
 * must have one type (number, bigint, string, boolean or Date): a column that mixes types is a model bug,
 * and guessing a type for it would write a silently wrong file.
 */
export function rowsToTable(rows: readonly unknown[], file: string): Table {
  const columns = new Map<string, unknown[]>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (typeof row !== 'object' || row === null || Array.isArray(row) || row instanceof Date) {
      throw new PredictorError(
        `The predictor returned a wrong shape for ${file}: row ${i + 1} is ${describe(row)}, not an object`,
        { file },
      );
    }
    for (const key of Object.keys(row)) {
      if (!columns.has(key)) columns.set(key, new Array<unknown>(rows.length).fill(null));
    }
    for (const [key, value] of Object.entries(row)) columns.get(key)![i] = value;
  }
  const vectors: Record<string, Vector> = {};
  for (const [name, values] of columns) vectors[name] = toVector(name, values, file);
  return new Table(vectors);
}

function toVector(name: string, values: unknown[], file: string): Vector {
  let kind: Kind | undefined;
  let integral = true;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      values[i] = null;
      continue;
    }
    const k = kindOf(value);
    if (k === undefined) {
      throw new PredictorError(
        `The predictor returned a wrong shape for ${file}: column "${name}", row ${i + 1} holds ${describe(value)}, ` +
          'which is not a number, bigint, string, boolean, Date or null',
        { file },
      );
    }
    if (kind === undefined) kind = k;
    else if (k !== kind) {
      throw new PredictorError(
        `The predictor returned a wrong shape for ${file}: column "${name}" mixes types (${kind} and ${k} at row ${i + 1})`,
        { file },
      );
    }
    if (k === 'number' && !Number.isSafeInteger(value)) integral = false;
  }
  let type: DataType;
  switch (kind) {
    case undefined:
      type = new Null();
      break;
    case 'number':
      // Whole numbers stay integers (as pandas would keep int64), so an id column does not turn into 1.0.
      if (integral) {
        return vectorFromArray(
          values.map((v) => (v === null ? null : BigInt(v as number))),
          new Int64(),
        );
      }
      type = new Float64();
      break;
    case 'bigint':
      type = new Int64();
      break;
    case 'string':
      type = new Utf8();
      break;
    case 'boolean':
      type = new Bool();
      break;
    case 'date':
      type = new DateMillisecond();
      break;
  }
  return vectorFromArray(values, type);
}

function kindOf(value: unknown): Kind | undefined {
  switch (typeof value) {
    case 'number':
    case 'bigint':
    case 'string':
    case 'boolean':
      return typeof value as Kind;
    default:
      return value instanceof Date ? 'date' : undefined;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
