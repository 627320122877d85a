import { makeVector, Table, type Vector } from 'apache-arrow';
import { columnData } from './column-data.js';
import { rowColumns } from './row-columns.js';

/**
 * Builds an Arrow table from row objects, as a model's `predict()` may return them. Columns are the union of
 * the rows' keys in order of first appearance; a missing key is a null. Every non-null value of a column
 * must have one type (number, bigint, string, boolean or Date): a column that mixes types is a model bug,
 * and guessing a type for it would write a silently wrong file. Whole numbers make an int64 column, as pandas
 * keeps them, so that an id column does not turn into 1.0.
 */
export function rowsToTable(rows: readonly unknown[], file: string): Table {
  const { names, values } = rowColumns(rows, file);
  const vectors: Record<string, Vector> = {};
  for (let c = 0; c < names.length; c++) {
    vectors[names[c]!] = makeVector(columnData(names[c]!, values[c]!, file));
    // Each column's values are garbage once built: let them go before the next column allocates.
    values[c] = [];
  }
  return new Table(vectors);
}
