import type { Table } from 'apache-arrow';
import { PredictorError } from '../errors.js';
import { isArrowTable } from './is-table.js';
import { describeValue } from './row-columns.js';
import { rowsToTable } from './rows-to-table.js';

/**
 * The table of a predictor's answer: an Arrow table as is, an array of row objects converted. Anything
 * else is a {@link PredictorError} naming the file.
 */
export function predictorOutputToTable(output: unknown, file: string): Table {
  if (isArrowTable(output)) return output;
  if (Array.isArray(output)) return rowsToTable(output, file);
  const what = describeValue(output);
  throw new PredictorError(
    `The predictor returned a wrong shape for ${file}: ${what}; expected an Arrow table or an array of row objects`,
    { file },
  );
}
