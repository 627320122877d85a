import { PredictorError } from '../errors.js';

/** The columns of a predictor's row objects: names in order of first appearance, values by row. */
export interface RowColumns {
  readonly names: string[];
  /** One array per name, as long as the rows; a key a row lacks is `null` there. */
  readonly values: unknown[][];
}

/**
 * Splits row objects into columns. Rows usually share one shape (the same keys in the same order), so each
 * row's keys are first matched by position against the columns seen so far, and looked up by name only when
 * that fails: the common case costs one string comparison per value.
 */
export function rowColumns(rows: readonly unknown[], file: string): RowColumns {
  const names: string[] = [];
  const values: unknown[][] = [];
  const indexOf = new Map<string, number>();
  const n = rows.length;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (typeof row !== 'object' || row === null || Array.isArray(row) || row instanceof Date) {
      throw new PredictorError(
        `The predictor returned a wrong shape for ${file}: row ${i + 1} is ${describeValue(row)}, not an object`,
        { file },
      );
    }
    const keys = Object.keys(row);
    const rowValues = Object.values(row);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      let c = names[k] === key ? k : indexOf.get(key);
      if (c === undefined) {
        c = names.length;
        names.push(key);
        indexOf.set(key, c);
        values.push(new Array<unknown>(n).fill(null));
      }
      values[c]![i] = rowValues[k];
    }
  }
  return { names, values };
}

/** How a value is named in errors: `null`, `an array`, `a Date`, `an object`, `a string`… */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
